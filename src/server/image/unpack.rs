//! Applying image layers, in order, to one directory: the image's root filesystem.
//!
//! A layer is a tar archive (gzip-compressed or not) of the files it adds or changes, with the
//! OCI whiteouts for what it removes: `.wh.<name>` deletes `<name>` from the layers below, and
//! `.wh..wh..opq` in a directory hides everything the layers below put there.
//!
//! Safety: every entry is written with `tar`'s `unpack_in`, which refuses paths with `..` and
//! paths whose parent resolves outside the root (a symlink planted by a lower layer cannot
//! redirect a write onto the host). Device nodes are skipped (a job gets its own `/dev`).
//! Ownership is not kept: in the job's user namespace only the service's user is mapped (to
//! root), so every file of the image belongs to the job's root, as the service's user owns it.

use std::collections::HashSet;
use std::fs;
use std::io::{self, BufReader, Read};
use std::path::{Component, Path, PathBuf};

const WHITEOUT_PREFIX: &str = ".wh.";
const OPAQUE_MARKER: &str = ".wh..wh..opq";

/// Applies the layer in `blob` (media type `media_type`) on top of `root`.
pub(crate) fn apply_layer(blob: &Path, media_type: &str, root: &Path) -> Result<(), String> {
    if media_type.contains("zstd") {
        return Err(format!(
            "layer {} is zstd-compressed, which this hailctl cannot unpack yet",
            blob.display()
        ));
    }
    let file = fs::File::open(blob).map_err(|e| format!("cannot open {}: {e}", blob.display()))?;
    let mut reader = BufReader::new(file);
    // Media types are not always honest (Docker's v2 layers are gzip; some registries label
    // plain tars as gzip): look at the magic bytes.
    let mut magic = [0u8; 2];
    let n = read_up_to(&mut reader, &mut magic).map_err(|e| e.to_string())?;
    let head = io::Cursor::new(magic[..n].to_vec());
    let chained = head.chain(reader);
    let result = if n == 2 && magic == [0x1f, 0x8b] {
        apply_tar(flate2::read::MultiGzDecoder::new(chained), root)
    } else {
        apply_tar(chained, root)
    };
    result.map_err(|e| format!("cannot unpack layer {}: {e}", blob.display()))
}

fn read_up_to(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

fn apply_tar(reader: impl Read, root: &Path) -> io::Result<()> {
    let mut archive = tar::Archive::new(reader);
    archive.set_preserve_permissions(true);
    archive.set_preserve_mtime(true);
    archive.set_preserve_ownerships(false);
    archive.set_unpack_xattrs(false);
    archive.set_overwrite(true);
    // Paths this layer wrote, so that an opaque marker met after them does not remove them.
    let mut written: HashSet<PathBuf> = HashSet::new();
    for entry in archive.entries()? {
        let mut entry = entry?;
        let path = entry.path()?.into_owned();
        let Some(relative) = normalize(&path) else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("entry {} leaves the image root", path.display()),
            ));
        };
        if relative.as_os_str().is_empty() {
            continue;
        }
        let name = relative
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let parent = relative.parent().unwrap_or(Path::new(""));
        if name == OPAQUE_MARKER {
            clear_dir_except(&root.join(parent), parent, &written)?;
            continue;
        }
        if let Some(hidden) = name.strip_prefix(WHITEOUT_PREFIX) {
            let target = root.join(parent).join(hidden);
            if !is_inside(root, &target) {
                continue;
            }
            remove_any(&target)?;
            continue;
        }
        let kind = entry.header().entry_type();
        if kind.is_block_special() || kind.is_character_special() || kind.is_fifo() {
            continue;
        }
        // A directory replacing a file (or the other way round) must remove what is there.
        let target = root.join(&relative);
        if let Ok(existing) = fs::symlink_metadata(&target) {
            let replacing_dir_with_other = existing.is_dir() && !kind.is_dir();
            let replacing_other_with_dir = !existing.is_dir() && kind.is_dir();
            if replacing_dir_with_other || replacing_other_with_dir {
                remove_any(&target)?;
            }
        }
        entry.unpack_in(root)?;
        written.insert(relative);
    }
    Ok(())
}

/// `path` without `.` components and leading `/`; `None` if it has `..`.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(c) => out.push(c),
            Component::CurDir | Component::RootDir => {}
            Component::ParentDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// Whether `path`'s parent, resolved, is inside `root` (a whiteout must not delete through a
/// symlink planted by a lower layer).
fn is_inside(root: &Path, path: &Path) -> bool {
    let (Ok(root), Some(parent)) = (root.canonicalize(), path.parent()) else {
        return false;
    };
    parent.canonicalize().is_ok_and(|p| p.starts_with(root))
}

fn remove_any(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Removes the entries of `dir` (at `relative` in the image) that this layer did not write.
fn clear_dir_except(dir: &Path, relative: &Path, written: &HashSet<PathBuf>) -> io::Result<()> {
    let Ok(meta) = fs::symlink_metadata(dir) else {
        return Ok(());
    };
    if !meta.is_dir() {
        return Ok(());
    }
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let rel = relative.join(entry.file_name());
        if !written.contains(&rel) {
            remove_any(&entry.path())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(entries: &[(&str, Option<&[u8]>)]) -> Vec<u8> {
        let mut builder = tar::Builder::new(Vec::new());
        for (path, content) in entries {
            let mut header = tar::Header::new_gnu();
            match content {
                Some(bytes) => {
                    header.set_entry_type(tar::EntryType::Regular);
                    header.set_size(bytes.len() as u64);
                    header.set_mode(0o644);
                    header.set_cksum();
                    builder.append_data(&mut header, path, *bytes).unwrap();
                }
                None => {
                    header.set_entry_type(tar::EntryType::Directory);
                    header.set_size(0);
                    header.set_mode(0o755);
                    header.set_cksum();
                    builder.append_data(&mut header, path, &[][..]).unwrap();
                }
            }
        }
        builder.into_inner().unwrap()
    }

    fn apply(root: &Path, bytes: Vec<u8>, gzip: bool) {
        let dir = tempfile::tempdir().unwrap();
        let blob = dir.path().join("blob");
        if gzip {
            use std::io::Write as _;
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            enc.write_all(&bytes).unwrap();
            fs::write(&blob, enc.finish().unwrap()).unwrap();
        } else {
            fs::write(&blob, bytes).unwrap();
        }
        apply_layer(&blob, "application/vnd.oci.image.layer.v1.tar+gzip", root).unwrap();
    }

    #[test]
    fn layers_add_replace_and_white_out() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        apply(
            r,
            layer(&[
                ("etc/", None),
                ("etc/a", Some(b"1")),
                ("etc/b", Some(b"2")),
                ("opt/", None),
                ("opt/x", Some(b"x")),
                ("opt/y", Some(b"y")),
            ]),
            true,
        );
        apply(
            r,
            layer(&[
                ("etc/a", Some(b"one")),
                ("etc/.wh.b", Some(b"")),
                ("opt/new", Some(b"n")),
                ("opt/.wh..wh..opq", Some(b"")),
            ]),
            false,
        );
        assert_eq!(fs::read(r.join("etc/a")).unwrap(), b"one");
        assert!(!r.join("etc/b").exists());
        assert!(r.join("opt/new").exists(), "written by the same layer");
        assert!(!r.join("opt/x").exists(), "hidden by the opaque marker");
    }

    #[test]
    fn entries_cannot_leave_the_root() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        // A symlink to the outside, then a file written through it.
        let mut builder = tar::Builder::new(Vec::new());
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(tar::EntryType::Symlink);
        h.set_size(0);
        h.set_mode(0o777);
        builder
            .append_link(&mut h, "escape", outside.path())
            .unwrap();
        let mut f = tar::Header::new_gnu();
        f.set_entry_type(tar::EntryType::Regular);
        f.set_size(1);
        f.set_mode(0o644);
        f.set_cksum();
        builder
            .append_data(&mut f, "escape/pwned", &b"x"[..])
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let blob = dir.path().join("blob");
        fs::write(&blob, builder.into_inner().unwrap()).unwrap();
        let result = apply_layer(&blob, "application/vnd.oci.image.layer.v1.tar", root.path());
        assert!(result.is_err());
        assert!(!outside.path().join("pwned").exists());
    }
}
