//! Acknowledging one finding at one place, with a reason written in the
//! source beside it: `<!-- accept stale-period: names the 2022/23
//! assessment -->` in Markdown, or `# accept stale-period: …` in YAML, on
//! the finding's line or the line above it. `check` then lists the finding
//! with its reason instead of counting it.
//!
//! Only warnings can be acknowledged. A placeholder, a failed verification
//! or an unworked call is wrong whatever the reason; an acknowledgement of
//! one is pointed out on the finding, which stands.

use std::collections::HashMap;
use std::path::Path;

use crate::diagnostic::{Code, Diagnostics};

/// Codes whose findings no acknowledgement can clear.
const NEVER: [Code; 4] = [
    Code::Placeholder,
    Code::Verify,
    Code::VerifyTotal,
    Code::RawCall,
];

/// The reason given for `code` on this line, if the line acknowledges it.
fn reason_on(line: &str, code: &str) -> Option<String> {
    let i = line.find("accept ")?;
    let rest = &line[i + "accept ".len()..];
    let rest = rest.strip_prefix(code)?;
    let reason = rest.strip_prefix(':')?;
    let reason = reason.split("-->").next().unwrap_or(reason).trim();
    (!reason.is_empty()).then(|| reason.to_string())
}

/// Marks every finding its source acknowledges (reading and splitting each
/// file once: a page can have dozens of findings, and a site tens of
/// thousands).
pub fn apply(root: &Path, diags: &mut Diagnostics) {
    let mut sources: HashMap<String, Option<String>> = HashMap::new();
    for d in &diags.0 {
        if let Some(file) = &d.file
            && d.line != 0
            && !sources.contains_key(file)
        {
            let src = std::fs::read_to_string(root.join(file)).ok();
            sources.insert(file.clone(), src);
        }
    }
    let lines: HashMap<&str, Vec<&str>> = (sources.iter())
        .filter_map(|(f, src)| Some((f.as_str(), src.as_deref()?.lines().collect())))
        .collect();
    for d in &mut diags.0 {
        let Some(lines) = d.file.as_deref().and_then(|f| lines.get(f)) else {
            continue;
        };
        if d.line == 0 {
            continue;
        }
        let here = [d.line.checked_sub(1), d.line.checked_sub(2)];
        let reason = here
            .into_iter()
            .flatten()
            .filter_map(|i| lines.get(i))
            .find_map(|l| reason_on(l, d.code.as_str()));
        let Some(reason) = reason else { continue };
        if NEVER.contains(&d.code) || d.is_error() {
            d.notes.push(format!(
                "this cannot be acknowledged ({reason}): it must be mended before publishing"
            ));
        } else {
            d.acknowledged = Some(reason);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_markdown_and_yaml_acknowledgements() {
        let md = "<!-- accept stale-period: names the 2022/23 assessment -->";
        assert_eq!(
            reason_on(md, "stale-period").as_deref(),
            Some("names the 2022/23 assessment")
        );
        let yaml = "title: Strategic Assessment 2022/23  # accept stale-period: another document";
        assert_eq!(
            reason_on(yaml, "stale-period").as_deref(),
            Some("another document")
        );
        assert_eq!(reason_on(yaml, "heading-order"), None);
        assert_eq!(
            reason_on("# accept stale-period:", "stale-period"),
            None,
            "a reason is needed"
        );
    }
}
