//! The desktop app (eframe/egui). Only this module imports egui (under construction: see its issue).

pub fn run_app() -> anyhow::Result<()> {
    anyhow::bail!("the desktop app is not built yet")
}
