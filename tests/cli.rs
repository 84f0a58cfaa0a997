//! The command line's stable JSON interfaces.

use std::process::Command;

fn marsad() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_marsad"));
    c.env("MARSAD_CONFIG_DIR", "/nonexistent-marsad-config");
    c
}

#[test]
fn inspect_json_has_exactly_the_documented_keys() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "عنوان الخبر\n\nنص الخبر الأول في هذه المقالة التجريبية.\n").unwrap();
    std::fs::write(dir.path().join("b.bin.txt"), [0u8, 1, 2, 3, 0, 0, 159, 146, 150]).unwrap();
    let out = marsad().args(["inspect", "--json"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1);
    let v: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut want = [
        "id",
        "path",
        "title",
        "title_derived",
        "outlet",
        "outlet_source",
        "date",
        "date_source",
        "body",
        "boilerplate",
        "problems",
        "entities",
    ];
    want.sort_unstable();
    assert_eq!(keys, want);
    assert_eq!(v["title"], "عنوان الخبر");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("b.bin.txt") && stderr.contains("binary"), "{stderr}");
}

#[test]
fn search_json_hits_then_totals() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "سد الوادي\n\nافتتح سد الوادي الجديد اليوم وسط حضور كبير من الأهالي.\n")
        .unwrap();
    std::fs::write(dir.path().join("b.txt"), "سوق المدينة\n\nازدحم سوق المدينة بالمتسوقين قبل العيد.\n").unwrap();
    let out = marsad()
        .env("MARSAD_CACHE_DIR", cache.path())
        .args(["search", "--json"])
        .arg(dir.path())
        .arg("سد")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    let mut keys: Vec<&str> = lines[0].as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["date", "id", "outlet", "path", "score", "snippet", "title"]);
    assert_eq!(lines[0]["id"], "a.txt");
    assert!(lines[0]["snippet"].as_str().unwrap().contains("<b>سد</b>"));
    assert_eq!(lines[1]["total"], 1);
    assert!(lines[1]["facets"].is_object());
    // Invalid syntax: a clear message and a failure code, not zero results.
    let bad =
        marsad().env("MARSAD_CACHE_DIR", cache.path()).arg("search").arg(dir.path()).arg("\"سد").output().unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unclosed quote"));
}

#[test]
fn install_and_uninstall_desktop_launcher() {
    let data = tempfile::tempdir().unwrap();
    let out = marsad().env("XDG_DATA_HOME", data.path()).arg("install-desktop").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let desktop = std::fs::read_to_string(data.path().join("applications/marsad.desktop")).unwrap();
    assert!(desktop.contains("%F") && desktop.contains("Icon=marsad"));
    assert!(data.path().join("icons/hicolor/128x128/apps/marsad.png").is_file());
    assert!(data.path().join("icons/hicolor/scalable/apps/marsad.svg").is_file());
    let out = marsad().env("XDG_DATA_HOME", data.path()).arg("uninstall-desktop").output().unwrap();
    assert!(out.status.success());
    assert!(!data.path().join("applications/marsad.desktop").exists());
    assert!(!data.path().join("icons/hicolor/128x128/apps/marsad.png").exists());
}
