//! The default scenario's report.html rendered in real headless Chromium at 1400 px and 390 px: no horizontal
//! page overflow, every figure's SVG visible with a non-zero size, nothing fetched, no console messages.
//! Screenshots go to target/report-browser/ for a person to look at.
//!
//! Chromium comes from Debian's `chromium` package (.ci/chromium.sh installs it; `SATFIBER_CHROMIUM` names
//! another binary). Without it the test skips with a printed reason, unless CI=true, where it fails.
//! Measurement: a copy of the report with a small script appended posts its measurements to a wrapper page
//! that shows it in an iframe of the tested width (headless Chromium's window is at least 500 px wide, so the
//! 390 px phone viewport is the iframe's); the wrapper writes them into a `data-measure` attribute, read back
//! from `--dump-dom` (the report itself has no script).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SATFIBER_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join("chromium")).find(|p| p.is_file())
}

/// Runs chromium with the test's flags and a fresh profile; returns (stdout, stderr). Kills it after 120 s.
fn run_chromium(bin: &Path, profile: &Path, extra: &[String]) -> (String, String) {
    let mut child = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting chromium");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out_thread = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut s).ok();
        s
    });
    let err_thread = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stderr, &mut s).ok();
        s
    });
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    (out_thread.join().unwrap(), err_thread.join().unwrap())
}

const MEASURE: &str = r#"<script>
(function(){
  var de = document.documentElement;
  var r = {scrollWidth: de.scrollWidth, clientWidth: de.clientWidth, figures: [], overflow: []};
  document.querySelectorAll('figure').forEach(function(f){
    var s = f.querySelector('svg');
    var b = s ? s.getBoundingClientRect() : {width: 0, height: 0, left: 0, right: 0};
    var st = s ? getComputedStyle(s) : null;
    r.figures.push({id: f.id, width: b.width, height: b.height, left: b.left, right: b.right,
                    visible: !!st && st.display !== 'none' && st.visibility !== 'hidden'});
  });
  document.querySelectorAll('body *').forEach(function(e){
    if (e.closest('.scroll') || e.closest('svg')) return;
    var b = e.getBoundingClientRect();
    if (b.width > 0 && b.right > de.clientWidth + 1) r.overflow.push(e.tagName + (e.id ? '#' + e.id : '') + ' right=' + b.right);
  });
  r.resources = performance.getEntriesByType('resource').map(function(e){ return e.name; });
  parent.postMessage(JSON.stringify(r), '*');
})();
</script>"#;

/// The wrapper page: the probe in an iframe `width` px wide; the probe's message lands in `data-measure`.
fn wrapper(width: u32, height: u32, src: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"/></head><body style=\"margin:0\">\
         <iframe src=\"{src}\" style=\"border:0;width:{width}px;height:{height}px;display:block\"></iframe>\
         <script>window.addEventListener('message', function(e){{ document.body.setAttribute('data-measure', e.data); }});</script>\
         </body></html>"
    )
}

fn unescape_attr(s: &str) -> String {
    s.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&#39;", "'").replace("&amp;", "&")
}

#[test]
fn report_renders_in_chromium_at_desktop_and_phone_width() {
    let Some(bin) = chromium() else {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("chromium not found on PATH (CI=true): .ci/chromium.sh installs it");
        }
        eprintln!("SKIPPED report_browser: chromium not found on PATH (run .ci/chromium.sh, or set SATFIBER_CHROMIUM)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_satfiber"))
        .arg("compare")
        .arg(repo("configs/caspian.toml"))
        .arg("--out")
        .arg(&out)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!html.contains("<script"), "the report itself carries no script");
    let measured = html.replace("</body>", &format!("{MEASURE}\n</body>"));
    let probe = out.join("probe.html");
    std::fs::write(&probe, measured).unwrap();
    let shots = repo("target/report-browser");
    std::fs::create_dir_all(&shots).unwrap();
    let figures_expected = html.matches("<figure id=").count();
    assert!(figures_expected >= 6, "map and five charts expected, found {figures_expected} figures");

    for width in [1400u32, 390] {
        let profile = tempfile::tempdir().unwrap();
        let size = format!("--window-size={},900", width.max(500));
        let wrap = out.join(format!("wrap-{width}.html"));
        std::fs::write(&wrap, wrapper(width, 900, "probe.html")).unwrap();
        let url = format!("file://{}", wrap.display());
        let (dom, stderr) = run_chromium(
            &bin,
            profile.path(),
            &[size.clone(), "--virtual-time-budget=3000".into(), "--dump-dom".into(), url],
        );
        let start =
            dom.find("data-measure=\"").unwrap_or_else(|| panic!("no measurement at {width} px; stderr:\n{stderr}"));
        let rest = &dom[start + "data-measure=\"".len()..];
        let json = unescape_attr(&rest[..rest.find('"').unwrap()]);
        let m: serde_json::Value = serde_json::from_str(&json).unwrap();
        let (scroll, client) = (m["scrollWidth"].as_f64().unwrap(), m["clientWidth"].as_f64().unwrap());
        assert!(
            (client - f64::from(width)).abs() < 20.0,
            "viewport {client} px, asked for {width} px (window size not applied?)"
        );
        assert!(scroll <= client + 1.0, "{width} px: page scrolls sideways ({scroll} > {client}): {}", m["overflow"]);
        assert!(
            m["overflow"].as_array().unwrap().is_empty(),
            "{width} px: elements past the right edge: {}",
            m["overflow"]
        );
        let figures = m["figures"].as_array().unwrap();
        assert_eq!(figures.len(), figures_expected);
        for f in figures {
            let (w, h) = (f["width"].as_f64().unwrap(), f["height"].as_f64().unwrap());
            assert!(
                f["visible"].as_bool().unwrap() && w > 100.0 && h > 50.0,
                "{width} px: figure {} is {w}×{h}",
                f["id"]
            );
            assert!(f["right"].as_f64().unwrap() <= client + 1.0, "{width} px: figure {} overflows", f["id"]);
        }
        assert!(m["resources"].as_array().unwrap().is_empty(), "the report fetched {}", m["resources"]);
        let console: Vec<&str> = stderr.lines().filter(|l| l.contains(":CONSOLE")).collect();
        assert!(console.is_empty(), "{width} px: console messages:\n{}", console.join("\n"));

        // A screenshot of the report itself for a person to look at.
        let shot = shots.join(format!("report-{width}.png"));
        let profile = tempfile::tempdir().unwrap();
        let height = if width > 1000 { 2400 } else { 3200 };
        let view = out.join(format!("view-{width}.html"));
        std::fs::write(&view, wrapper(width, height, "report.html")).unwrap();
        let tall = format!("--window-size={width},{height}");
        run_chromium(
            &bin,
            profile.path(),
            &[tall, format!("--screenshot={}", shot.display()), format!("file://{}", view.display())],
        );
        let png = std::fs::read(&shot).unwrap_or_else(|e| panic!("screenshot {}: {e}", shot.display()));
        assert_eq!(&png[1..4], b"PNG");
        eprintln!("screenshot: {}", shot.display());
    }
}
