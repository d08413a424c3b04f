//! Prints the claims of text files, one per line, for reading them by eye:
//! `cargo run --release -p stenogram-core --example claims_dump -- FILE... [--date YYYY-MM-DD]`

fn main() {
    let mut date = None;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--date" {
            date = args.next().and_then(|d| stenogram_core::Day::parse_iso(&d));
        } else {
            files.push(arg);
        }
    }
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable UTF-8");
        let doc = stenogram_core::parse_text(&file, &text)
            .expect("parses")
            .document;
        let mentions = stenogram_core::extract(&text, date);
        let chars: Vec<char> = text.chars().collect();
        let slice = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
        for c in stenogram_core::claims(&doc, &text, &mentions) {
            println!(
                "{file}\t{}\t{}\t{}\t{:?}\t{}{}\t{:?}\t{:?}\t[{}] {}",
                c.indicator,
                c.scope.join("+"),
                c.period.as_deref().unwrap_or("-"),
                c.qualifier,
                slice(c.start, c.end),
                if c.change { " (change)" } else { "" },
                c.source,
                c.direction,
                c.indicator_text,
                slice(c.sentence_start, c.sentence_end)
            );
        }
    }
}
