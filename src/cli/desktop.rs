//! `marsad install-desktop` / `marsad uninstall-desktop`: a double-click launcher.
//!
//! Writes a freedesktop `.desktop` entry (accepting folders, `%F`, so "Open with Marsad" works in
//! a file manager) and the icon in every size under `$XDG_DATA_HOME` (default `~/.local/share`).
//! Nothing needs root; uninstalling removes exactly what installing wrote.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

/// The launcher as the .deb installs it (`Exec=marsad %F`, the binary on the PATH); a per-user
/// install points `Exec` at the running binary instead.
const DESKTOP: &str = include_str!("../../assets/marsad.desktop");
const ICON_SVG: &[u8] = include_bytes!("../../assets/icon.svg");
const ICONS: &[(&str, &[u8])] = &[
    ("48x48", include_bytes!("../../assets/icons/marsad-48.png")),
    ("128x128", include_bytes!("../../assets/icons/marsad-128.png")),
    ("256x256", include_bytes!("../../assets/icons/marsad-256.png")),
];

/// The user's data folder for applications and icons.
fn data_home() -> anyhow::Result<PathBuf> {
    if let Some(d) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(d));
    }
    let home = std::env::var_os("HOME").context("neither XDG_DATA_HOME nor HOME is set")?;
    Ok(PathBuf::from(home).join(".local/share"))
}

/// Every file the launcher consists of, with its content.
fn files(data: &Path, exe: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let exec = format!("Exec=\"{}\" %F", exe.display());
    let desktop: String = DESKTOP.lines().map(|l| if l.starts_with("Exec=") { exec.as_str() } else { l }).fold(
        String::new(),
        |mut s, l| {
            s.push_str(l);
            s.push('\n');
            s
        },
    );
    let mut v = vec![
        (data.join("applications/marsad.desktop"), desktop.into_bytes()),
        (data.join("icons/hicolor/scalable/apps/marsad.svg"), ICON_SVG.to_vec()),
    ];
    for (size, png) in ICONS {
        v.push((data.join(format!("icons/hicolor/{size}/apps/marsad.png")), png.to_vec()));
    }
    v
}

/// Runs `marsad install-desktop`.
pub fn install() -> anyhow::Result<ExitCode> {
    let exe = std::env::current_exe().context("finding the marsad binary")?;
    let data = data_home()?;
    for (path, bytes) in files(&data, &exe) {
        let dir = path.parent().context("a launcher file has no folder")?;
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        // Write beside and rename, so a half-written launcher never appears.
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
        std::fs::rename(&tmp, &path).with_context(|| format!("writing {}", path.display()))?;
        println!("wrote {}", path.display());
    }
    refresh_menus(&data);
    println!("Marsad is in your applications menu; \"Open with Marsad\" works on folders.");
    Ok(ExitCode::SUCCESS)
}

/// Runs `marsad uninstall-desktop`.
pub fn uninstall() -> anyhow::Result<ExitCode> {
    let data = data_home()?;
    for (path, _) in files(&data, Path::new("marsad")) {
        match std::fs::remove_file(&path) {
            Ok(()) => println!("removed {}", path.display()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("removing {}", path.display())),
        }
    }
    refresh_menus(&data);
    Ok(ExitCode::SUCCESS)
}

/// Asks the desktop to notice the change, where the tools exist (best effort).
fn refresh_menus(data: &Path) {
    let _ = std::process::Command::new("update-desktop-database").arg(data.join("applications")).output();
    let _ = std::process::Command::new("gtk-update-icon-cache")
        .arg("-f")
        .arg("-t")
        .arg(data.join("icons/hicolor"))
        .output();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn launcher_files_accept_folders_and_point_to_the_binary() {
        let f = files(Path::new("/d"), Path::new("/opt/marsad"));
        let desktop = String::from_utf8(f[0].1.clone()).unwrap();
        assert!(desktop.contains("Exec=\"/opt/marsad\" %F"));
        assert!(desktop.contains("MimeType=inode/directory;"));
        assert!(f.iter().any(|(p, _)| p.ends_with("icons/hicolor/256x256/apps/marsad.png")));
        assert!(f.iter().all(|(p, b)| p.starts_with("/d") && !b.is_empty()));
    }
}
