//! Targets tables: each row a measure with a target, perhaps a baseline,
//! and an actual figure once one is reported; the status (met, not met,
//! not yet reported) is worked out, never typed.

use serde::{Deserialize, Serialize};

/// `targets:` in a sidecar: which columns hold what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetsSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<String>,
    pub target: String,
    pub actual: String,
    /// `higher` or `lower` (is better) for every row, or the name of a
    /// column that says so for each row.
    pub direction: String,
    /// Name of the computed status column (`status` unless given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Its heading (`Status` unless given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// A column holding the status as published, checked against the
    /// worked-out one and not shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated: Option<String>,
}

impl TargetsSpec {
    pub fn status_column(&self) -> &str {
        self.status.as_deref().unwrap_or("status")
    }
}

/// Which way a measure improves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Higher,
    Lower,
}

impl Direction {
    /// `higher` / `lower`, also as "higher is better" and the like.
    pub fn parse(s: &str) -> Option<Self> {
        let w = s.trim().to_ascii_lowercase();
        let first = w.split_whitespace().next().unwrap_or("");
        match first {
            "higher" | "up" | "increase" => Some(Self::Higher),
            "lower" | "down" | "decrease" | "reduce" | "reduction" => Some(Self::Lower),
            _ => None,
        }
    }
}

/// Where a measure stands against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Met,
    NotMet,
    NotYetReported,
}

/// Every word a reader sees for a status, with the symbol shown beside it
/// (never alone): one table, for the message catalogue.
pub const STATUS_WORDS: [(Status, &str, &str, &str); 3] = [
    (Status::Met, "met", "\u{2713}", "met"),
    (Status::NotMet, "not met", "\u{2717}", "not-met"),
    (
        Status::NotYetReported,
        "not yet reported",
        "\u{2026}",
        "not-reported",
    ),
];

impl Status {
    fn entry(self) -> &'static (Status, &'static str, &'static str, &'static str) {
        STATUS_WORDS
            .iter()
            .find(|e| e.0 == self)
            .unwrap_or(&STATUS_WORDS[0])
    }
    /// The words tables, prose and downloads print.
    pub fn words(self) -> &'static str {
        self.entry().1
    }
    /// The catalogue key of the words pages show (`target.not_met`): the
    /// cell and the download keep the English words above.
    pub fn key(self) -> &'static str {
        match self {
            Status::Met => "target.met",
            Status::NotMet => "target.not_met",
            Status::NotYetReported => "target.not_yet_reported",
        }
    }
    /// The symbol shown beside the words.
    pub fn symbol(self) -> &'static str {
        self.entry().2
    }
    /// A name for a CSS class.
    pub fn class(self) -> &'static str {
        self.entry().3
    }
    /// The status whose words are `s` (as a status cell holds them).
    pub fn from_words(s: &str) -> Option<Self> {
        let w = s.trim().to_ascii_lowercase();
        STATUS_WORDS.iter().find(|e| e.1 == w).map(|e| e.0)
    }
}

/// The status of one measure. No target: nothing to judge (`None`).
/// No actual yet: not yet reported. Meeting the target exactly counts as
/// met, whichever way is better.
pub fn status(actual: Option<f64>, target: Option<f64>, dir: Direction) -> Option<Status> {
    let target = target?;
    let Some(actual) = actual else {
        return Some(Status::NotYetReported);
    };
    let met = match dir {
        Direction::Higher => actual >= target,
        Direction::Lower => actual <= target,
    };
    Some(if met { Status::Met } else { Status::NotMet })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn works_out_status() {
        use Direction::*;
        assert_eq!(status(Some(90.0), Some(85.0), Higher), Some(Status::Met));
        assert_eq!(status(Some(80.0), Some(85.0), Higher), Some(Status::NotMet));
        assert_eq!(status(Some(85.0), Some(85.0), Lower), Some(Status::Met));
        assert_eq!(status(Some(90.0), Some(85.0), Lower), Some(Status::NotMet));
        assert_eq!(
            status(None, Some(85.0), Lower),
            Some(Status::NotYetReported)
        );
        assert_eq!(status(Some(1.0), None, Lower), None);
    }

    #[test]
    fn reads_directions_and_words() {
        assert_eq!(
            Direction::parse("Higher is better"),
            Some(Direction::Higher)
        );
        assert_eq!(Direction::parse("lower"), Some(Direction::Lower));
        assert_eq!(Direction::parse("sideways"), None);
        assert_eq!(Status::from_words(" Not met"), Some(Status::NotMet));
        assert_eq!(Status::NotYetReported.words(), "not yet reported");
    }
}
