//! `make install` and `make uninstall` end to end, into a temporary PREFIX: the test binary is
//! installed as it is (`BIN=`, so nothing is rebuilt), the installed `.desktop` entry must pass
//! `desktop-file-validate`, the icons must be the project's SVG and PNGs of the stated sizes,
//! and uninstall must remove exactly the installed files while the user's data and anything
//! else under PREFIX stay. Needs `make`, `rsvg-convert` and `desktop-file-validate`
//! (scripts/setup.sh installs them); without them the test fails and says which is missing.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const PNG_SIZES: [u32; 3] = [48, 128, 256];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The files `make install` promises, relative to PREFIX.
fn promised() -> BTreeSet<PathBuf> {
    let mut files: BTreeSet<PathBuf> = [
        "bin/rehearse",
        "share/applications/rehearse.desktop",
        "share/icons/hicolor/scalable/apps/rehearse.svg",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    for s in PNG_SIZES {
        files.insert(PathBuf::from(format!(
            "share/icons/hicolor/{s}x{s}/apps/rehearse.png"
        )));
    }
    files
}

/// Every file under `root`, relative to it.
fn files_under(root: &Path) -> BTreeSet<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeSet<PathBuf>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.insert(path.strip_prefix(root).expect("under root").to_path_buf());
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(root, root, &mut out);
    out
}

fn need(tool: &str, package: &str) {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .expect("run sh")
        .status
        .success();
    assert!(
        found,
        "{tool} is missing: install the package {package} (scripts/setup.sh does)"
    );
}

fn make(target: &str, prefix: &Path, bin: Option<&Path>) -> (bool, String) {
    let mut cmd = Command::new("make");
    cmd.current_dir(repo())
        .arg("--no-print-directory")
        .arg(target)
        .arg(format!("PREFIX={}", prefix.display()));
    if let Some(bin) = bin {
        cmd.arg(format!("BIN={}", bin.display()));
    }
    let out = cmd.output().expect("run make");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.len() > 24, "too short for a PNG");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    assert_eq!(&bytes[12..16], b"IHDR", "PNG without IHDR first");
    let w = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
    let h = u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
    (w, h)
}

/// The value of `key=` in the desktop entry.
fn desktop_value<'a>(entry: &'a str, key: &str) -> Option<&'a str> {
    entry
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
}

#[test]
fn install_validates_and_uninstall_removes_exactly_the_installed_files() {
    need("make", "make");
    need("rsvg-convert", "librsvg2-bin");
    need("desktop-file-validate", "desktop-file-utils");
    let tmp = tempfile::tempdir().expect("tempdir");
    // A space in the prefix: the entry's Exec must quote it.
    let prefix = tmp.path().join("my home");
    // What the user already has under the prefix: their rehearse data (the data folder is
    // PREFIX/share/rehearse when PREFIX is ~/.local), another app's entry and program.
    let user_files = [
        "share/rehearse/attempts/2026-12-01/attempt.json",
        "share/rehearse/recordings/take.wav",
        "share/applications/other.desktop",
        "bin/other-tool",
        "share/icons/hicolor/48x48/apps/other.png",
    ];
    for f in user_files {
        let path = prefix.join(f);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(&path, format!("kept: {f}")).expect("write");
    }
    let before = files_under(&prefix);

    let bin = PathBuf::from(env!("CARGO_BIN_EXE_rehearse"));
    let (ok, out) = make("install", &prefix, Some(&bin));
    assert!(ok, "make install failed:\n{out}");

    // Exactly the promised files were added.
    let after = files_under(&prefix);
    let added: BTreeSet<PathBuf> = after.difference(&before).cloned().collect();
    assert_eq!(added, promised(), "make install added other files:\n{out}");

    // The program is the given binary, executable, and runs.
    let installed = prefix.join("bin/rehearse");
    assert_eq!(
        fs::read(&installed).expect("installed binary"),
        fs::read(&bin).expect("source binary"),
        "the installed program is not the given binary"
    );
    let version = Command::new(&installed)
        .arg("--version")
        .output()
        .expect("run installed");
    assert!(version.status.success(), "installed rehearse does not run");
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("rehearse "));

    // The desktop entry passes the freedesktop validator and points at the installed program.
    let desktop = prefix.join("share/applications/rehearse.desktop");
    let check = Command::new("desktop-file-validate")
        .arg(&desktop)
        .output()
        .expect("run desktop-file-validate");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(check.status.success(), "desktop-file-validate: {report}");
    assert!(!report.contains("error"), "desktop-file-validate: {report}");
    let entry = fs::read_to_string(&desktop).expect("read entry");
    assert_eq!(desktop_value(&entry, "Type"), Some("Application"));
    assert_eq!(desktop_value(&entry, "Icon"), Some("rehearse"));
    assert_eq!(
        desktop_value(&entry, "Exec"),
        Some(format!("\"{}\"", installed.display()).as_str()),
        "Exec must be the installed program, quoted because the prefix has a space"
    );
    assert_eq!(
        desktop_value(&entry, "TryExec"),
        Some(installed.display().to_string().as_str())
    );

    // The icons: the project's SVG as it is, PNGs of the stated sizes.
    let svg = fs::read(prefix.join("share/icons/hicolor/scalable/apps/rehearse.svg"))
        .expect("svg installed");
    assert_eq!(
        svg,
        fs::read(repo().join("assets/rehearse.svg")).expect("assets svg")
    );
    for s in PNG_SIZES {
        let png = fs::read(prefix.join(format!("share/icons/hicolor/{s}x{s}/apps/rehearse.png")))
            .expect("png installed");
        assert_eq!(png_size(&png), (s, s), "{s}x{s} icon has the wrong size");
    }

    // Installing again over an installed copy changes nothing in the file list.
    let (ok, out) = make("install", &prefix, Some(&bin));
    assert!(ok, "second make install failed:\n{out}");
    assert_eq!(files_under(&prefix), after);

    // Uninstall: back to exactly what the user had, their data byte for byte.
    let (ok, out) = make("uninstall", &prefix, None);
    assert!(ok, "make uninstall failed:\n{out}");
    assert_eq!(
        files_under(&prefix),
        before,
        "uninstall left or removed files"
    );
    for f in user_files {
        assert_eq!(
            fs::read_to_string(prefix.join(f)).expect("user file kept"),
            format!("kept: {f}")
        );
    }

    // Uninstalling again is harmless and removes nothing.
    let (ok, out) = make("uninstall", &prefix, None);
    assert!(ok, "second make uninstall failed:\n{out}");
    assert!(out.contains("removed 0 installed file"), "{out}");
    assert_eq!(files_under(&prefix), before);
}

#[test]
fn install_without_a_program_says_so_and_installs_nothing() {
    need("make", "make");
    let tmp = tempfile::tempdir().expect("tempdir");
    let prefix = tmp.path().join("prefix");
    let (ok, out) = make(
        "install",
        &prefix,
        Some(&tmp.path().join("no-such-rehearse")),
    );
    assert!(!ok, "install of a missing program succeeded:\n{out}");
    assert!(out.contains("no program at"), "{out}");
    assert!(files_under(&prefix).is_empty(), "something was installed");
}
