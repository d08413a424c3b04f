//! Association and keyness statistics, as corpus linguistics defines them.
//!
//! - Keyness (Rayson & Garside 2000): log-likelihood G² over a word's
//!   frequency in a target and a reference corpus, with Hardie's (2014)
//!   log ratio as the effect size.
//! - Collocation (Evert 2005; Hunston 2002): for a node word and a
//!   collocate seen `observed` times within a window around the node, the
//!   expected co-occurrence `E = f(node) · span · f(collocate) / N`, then
//!   MI = log2(O / E), t = (O − E) / √O, and G² over the 2×2 table.

/// `x · ln(x / e)`, taken as 0 when `x` is 0.
fn term(x: f64, e: f64) -> f64 {
    if x > 0.0 && e > 0.0 {
        x * (x / e).ln()
    } else {
        0.0
    }
}

/// Keyness of a word: frequency `a` in a target of `c` words against `b` in
/// a reference of `d` words.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Keyness {
    /// Log-likelihood G² (positive; see `log_ratio` for the direction).
    pub g2: f64,
    /// Hardie's log ratio: log2 of the ratio of relative frequencies, a zero
    /// count taken as 0.5.
    pub log_ratio: f64,
}

pub fn keyness(a: u64, b: u64, c: u64, d: u64) -> Keyness {
    let (a, b, c, d) = (a as f64, b as f64, c as f64, d as f64);
    let e1 = c * (a + b) / (c + d);
    let e2 = d * (a + b) / (c + d);
    let g2 = 2.0 * (term(a, e1) + term(b, e2));
    let rel = |x: f64, n: f64| if x == 0.0 { 0.5 / n } else { x / n };
    Keyness {
        g2,
        log_ratio: (rel(a, c) / rel(b, d)).log2(),
    }
}

/// How strongly a collocate goes with a node word.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Association {
    pub observed: u64,
    pub expected: f64,
    /// Mutual information, log2(O / E).
    pub mi: f64,
    /// t-score, (O − E) / √O.
    pub t: f64,
    /// Log-likelihood G² of the 2×2 table (window positions × collocate).
    pub g2: f64,
}

/// `observed` co-occurrences of a collocate of corpus frequency `f_collocate`
/// in `window_positions` word positions around the node's occurrences
/// (occurrences × window width on both sides), in a corpus of `n` words.
pub fn association(observed: u64, f_collocate: u64, window_positions: u64, n: u64) -> Association {
    let (o, fc, w, n) = (
        observed as f64,
        f_collocate as f64,
        window_positions as f64,
        n as f64,
    );
    let expected = w * fc / n;
    // 2×2: in window / outside, collocate / other word.
    let o11 = o;
    let o12 = (w - o).max(0.0);
    let o21 = (fc - o).max(0.0);
    let o22 = (n - o11 - o12 - o21).max(0.0);
    let (r1, r2) = (o11 + o12, o21 + o22);
    let (c1, c2) = (o11 + o21, o12 + o22);
    let e = |r: f64, c: f64| r * c / n;
    let g2 = 2.0
        * (term(o11, e(r1, c1))
            + term(o12, e(r1, c2))
            + term(o21, e(r2, c1))
            + term(o22, e(r2, c2)));
    Association {
        observed,
        expected,
        mi: if o > 0.0 {
            (o / expected).log2()
        } else {
            f64::NEG_INFINITY
        },
        t: if o > 0.0 {
            (o - expected) / o.sqrt()
        } else {
            0.0
        },
        g2,
    }
}

/// Frequency per million words.
pub fn per_million(count: u64, words: u64) -> f64 {
    if words == 0 {
        0.0
    } else {
        count as f64 * 1e6 / words as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    #[test]
    fn keyness_by_hand() {
        // A word 20 times in 1,000 words of target, 10 times in 2,000 of
        // reference. E1 = 1000·30/3000 = 10, E2 = 20.
        // G² = 2 (20 ln 2 + 10 ln 0.5) = 2 · 10 ln 2 = 13.862944.
        let k = keyness(20, 10, 1000, 2000);
        assert!(close(k.g2, 20.0 * 2f64.ln()), "{}", k.g2);
        // (20/1000) / (10/2000) = 4 → log2 = 2.
        assert!(close(k.log_ratio, 2.0));
        // Equal relative frequencies: no keyness.
        let even = keyness(10, 20, 1000, 2000);
        assert!(close(even.g2, 0.0) && close(even.log_ratio, 0.0));
        // Absent from the reference: 0.5 stands in.
        assert!(close(
            keyness(5, 0, 100, 100).log_ratio,
            (5.0f64 / 0.5).log2()
        ));
    }

    #[test]
    fn association_by_hand() {
        // Corpus 10,000 words; collocate 50 times; node windows cover 200
        // positions; 10 co-occurrences. E = 200·50/10000 = 1.
        let a = association(10, 50, 200, 10_000);
        assert!(close(a.expected, 1.0));
        assert!(close(a.mi, 10f64.log2()));
        assert!(close(a.t, 9.0 / 10f64.sqrt()));
        // The 2×2 table: 10 | 190 / 40 | 9760; expectations from margins.
        let n: f64 = 10_000.0;
        let e11: f64 = 200.0 * 50.0 / n;
        let e12: f64 = 200.0 * 9950.0 / n;
        let e21: f64 = 9800.0 * 50.0 / n;
        let e22: f64 = 9800.0 * 9950.0 / n;
        let g2 = 2.0
            * (10.0 * (10.0f64 / e11).ln()
                + 190.0 * (190.0f64 / e12).ln()
                + 40.0 * (40.0f64 / e21).ln()
                + 9760.0 * (9760.0f64 / e22).ln());
        assert!(close(a.g2, g2), "{} vs {g2}", a.g2);
    }

    #[test]
    fn per_million_words() {
        assert!(close(per_million(3, 1_500_000), 2.0));
        assert_eq!(per_million(3, 0), 0.0);
    }
}
