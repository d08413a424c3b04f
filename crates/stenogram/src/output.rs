//! Writing results to stdout: JSON Lines, CSV or text, stopping quietly
//! when the reader goes away (`stenogram kwic … | head`).

use std::io::{self, BufWriter, Stdout, Write};

use serde::Serialize;

/// How a command ended, for the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything done.
    Ok,
    /// Done, but some inputs failed (named on stderr): exit 1.
    Failed,
}

/// Buffered stdout that treats a closed pipe as the end of the output.
pub struct Out {
    writer: BufWriter<Stdout>,
    closed: bool,
}

impl Out {
    pub fn stdout() -> Out {
        Out {
            writer: BufWriter::with_capacity(1 << 16, io::stdout()),
            closed: false,
        }
    }

    /// True once the reader has gone away.
    pub fn closed(&self) -> bool {
        self.closed
    }

    fn guard(&mut self, result: io::Result<()>) -> io::Result<()> {
        match result {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }

    /// One JSON value on a line.
    pub fn json<T: Serialize>(&mut self, value: &T) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = serde_json::to_writer(&mut self.writer, value)
            .map_err(io::Error::from)
            .and_then(|()| self.writer.write_all(b"\n"));
        self.guard(result)
    }

    /// One JSON value, indented, followed by a newline.
    pub fn json_pretty<T: Serialize>(&mut self, value: &T) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = serde_json::to_writer_pretty(&mut self.writer, value)
            .map_err(io::Error::from)
            .and_then(|()| self.writer.write_all(b"\n"));
        self.guard(result)
    }

    /// One line of text.
    pub fn line(&mut self, text: &str) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = self
            .writer
            .write_all(text.as_bytes())
            .and_then(|()| self.writer.write_all(b"\n"));
        self.guard(result)
    }

    /// One CSV record (RFC 4180 quoting).
    pub fn csv_row<S: AsRef<[u8]>>(&mut self, fields: &[S]) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let mut record = csv::Writer::from_writer(Vec::new());
        record.write_record(fields).map_err(io::Error::other)?;
        let bytes = record
            .into_inner()
            .map_err(|e| io::Error::other(e.to_string()))?;
        let result = self.writer.write_all(&bytes);
        self.guard(result)
    }

    /// Flushes; a closed pipe is not an error.
    pub fn finish(mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = self.writer.flush();
        self.guard(result)
    }
}
