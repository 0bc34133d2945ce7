//! The results: one figure per measurement, written as JSON and Markdown.

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub section: &'static str,
    pub name: String,
    pub value: f64,
    pub unit: &'static str,
    /// The target as text (e.g. `<= 6`), when the figure has one.
    pub target: Option<String>,
    /// Whether the target is met; `None` without a target.
    pub ok: Option<bool>,
}

impl Figure {
    pub fn info(section: &'static str, name: impl Into<String>, value: f64, unit: &'static str) -> Self {
        Self {
            section,
            name: name.into(),
            value,
            unit,
            target: None,
            ok: None,
        }
    }

    /// A figure that must be at most `max`.
    pub fn at_most(section: &'static str, name: impl Into<String>, value: f64, unit: &'static str, max: f64) -> Self {
        Self {
            target: Some(format!("<= {max}")),
            ok: Some(value <= max),
            ..Self::info(section, name, value, unit)
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub date: String,
    pub machine: String,
    pub seconds: f64,
    pub figures: Vec<Figure>,
}

impl Report {
    pub fn markdown(&self) -> String {
        let mut md = format!(
            "# Benchmark {}\n\nMachine: {}. Run time: {:.0} s.\n",
            self.date, self.machine, self.seconds
        );
        let mut section = "";
        for f in &self.figures {
            if f.section != section {
                section = f.section;
                let _ = write!(
                    md,
                    "\n## {section}\n\n| figure | value | unit | target | |\n|---|---:|---|---|---|\n"
                );
            }
            let value = if f.value.fract() == 0.0 && f.value.abs() < 1e12 {
                format!("{}", f.value)
            } else if f.value.abs() < 0.01 {
                format!("{:.6}", f.value)
            } else {
                format!("{:.2}", f.value)
            };
            let verdict = match f.ok {
                Some(true) => "ok",
                Some(false) => "**MISSED**",
                None => "",
            };
            let _ = writeln!(
                md,
                "| {} | {value} | {} | {} | {verdict} |",
                f.name,
                f.unit,
                f.target.as_deref().unwrap_or("")
            );
        }
        md
    }

    pub fn write(&self, dir: &Path) -> anyhow::Result<()> {
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join("latest.json"), serde_json::to_string_pretty(self)? + "\n")?;
        std::fs::write(dir.join("latest.md"), self.markdown())?;
        Ok(())
    }

    pub fn missed(&self) -> Vec<&Figure> {
        self.figures.iter().filter(|f| f.ok == Some(false)).collect()
    }
}

/// The `q` quantile (0..=1) of `samples` by nearest rank; 0 when empty.
pub fn quantile(samples: &[f64], q: f64) -> f64 {
    if samples.is_empty() {
        return 0.0;
    }
    let mut s = samples.to_vec();
    s.sort_by(f64::total_cmp);
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let rank = ((q * s.len() as f64).ceil() as usize).clamp(1, s.len());
    s[rank - 1]
}
