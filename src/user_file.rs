//! Reading a file the user names (a configuration file, a spec file, a sweep table): promptly
//! and within a size limit, whatever it is. A FIFO nobody writes to would block the open
//! forever, and `/dev/zero` never ends; both must become an error, not a hang or all the
//! memory. A FIFO that someone does write to (`--file <(generate-spec)`) still works.

use std::io::{self, Read};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// The largest user file read (a spec of a million jobs is well below it).
pub(crate) const MAX_USER_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The bytes of `path`, at most [`MAX_USER_FILE_BYTES`]; a larger file is an `InvalidData`
/// error saying so, a device (`/dev/zero`) an `InvalidInput` error.
pub(crate) fn read(path: &Path) -> io::Result<Vec<u8>> {
    // Opening a FIFO for reading blocks until a writer opens it, unless non-blocking.
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(nix::fcntl::OFlag::O_NONBLOCK.bits())
        .open(path)?;
    let kind = file.metadata()?.file_type();
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() || kind.is_block_device() || kind.is_socket() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "a device, not a file",
            ));
        }
    }
    // Blocking reads from here on: a FIFO with a writer is read to its end, one without any
    // reads as empty at once.
    let flags = nix::fcntl::fcntl(&file, nix::fcntl::FcntlArg::F_GETFL).map_err(io::Error::from)?;
    let blocking = nix::fcntl::OFlag::from_bits_truncate(flags) - nix::fcntl::OFlag::O_NONBLOCK;
    nix::fcntl::fcntl(&file, nix::fcntl::FcntlArg::F_SETFL(blocking)).map_err(io::Error::from)?;
    let mut bytes = Vec::new();
    (&mut file)
        .take(MAX_USER_FILE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_USER_FILE_BYTES {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("larger than {} MiB", MAX_USER_FILE_BYTES / (1024 * 1024)),
        ));
    }
    Ok(bytes)
}

/// [`read`] as UTF-8 text.
pub(crate) fn read_to_string(path: &Path) -> io::Result<String> {
    String::from_utf8(read(path)?)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "not valid UTF-8 text"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_without_writer_reads_empty_and_an_endless_device_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("fifo");
        nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o600))
            .expect("mkfifo");
        assert_eq!(read(&fifo).expect("empty"), b"");
        let zero = read(Path::new("/dev/zero")).expect_err("endless");
        assert_eq!(zero.to_string(), "a device, not a file");
        let file = dir.path().join("f");
        std::fs::write(&file, "text").expect("write");
        assert_eq!(read_to_string(&file).expect("text"), "text");
    }
}
