//! Upload progress: [`Counted`] wraps the reader of a file being uploaded and reports how many
//! of its bytes went out, so that a caller (the CLI's progress bar) can show a long upload move.

use std::io::Read;

/// Called with (bytes of the file sent so far, the file's length) as an upload streams.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// A reader that reports every read to a [`Progress`].
pub(crate) struct Counted<'a, R> {
    inner: R,
    done: u64,
    total: u64,
    progress: Progress<'a>,
}

impl<'a, R: Read> Counted<'a, R> {
    pub(crate) fn new(inner: R, total: u64, progress: Progress<'a>) -> Self {
        progress(0, total);
        Counted { inner, done: 0, total, progress }
    }
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n > 0 {
            self.done = (self.done + n as u64).min(self.total);
            (self.progress)(self.done, self.total);
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn every_read_is_reported_up_to_the_total() {
        let seen = Mutex::new(Vec::new());
        let report = |done, total| seen.lock().unwrap().push((done, total));
        let mut r = Counted::new(&b"hello world"[..], 11, &report);
        let mut buf = [0u8; 4];
        while r.read(&mut buf).unwrap() > 0 {}
        assert_eq!(*seen.lock().unwrap(), vec![(0, 11), (4, 11), (8, 11), (11, 11)]);
    }
}
