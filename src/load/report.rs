//! What serde cannot check in a report's front matter: its dates, and that
//! a contact's phone number and email can be dialled and written to, since
//! they are published as `tel:` and `mailto:` links.

use std::path::Path;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::page::FrontMatter;
use crate::model::report::Person;
use crate::util::text::is_iso_date;

/// A UK phone number as a `tel:` link wants it (`+441233330225`), if `s`
/// is one: 0 then 9 or 10 more digits, or +44 then 9 or 10, with spaces,
/// brackets and hyphens allowed.
pub fn uk_phone(s: &str) -> Option<String> {
    let t = s.trim();
    let (intl, rest) = match t.strip_prefix("+44") {
        Some(r) => (true, r),
        None => (false, t),
    };
    if !rest
        .chars()
        .all(|c| c.is_ascii_digit() || " ()-".contains(c))
    {
        return None;
    }
    let mut digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    if intl {
        // "+44 (0)1233 …" writes the trunk 0 that the international form drops.
        if rest.contains("(0)") {
            digits = digits.strip_prefix('0')?.to_string();
        }
        return (9..=10)
            .contains(&digits.len())
            .then(|| format!("+44{digits}"));
    }
    let national = digits.strip_prefix('0')?;
    (9..=10)
        .contains(&national.len())
        .then(|| format!("+44{national}"))
}

/// Whether `s` looks like an email address that can be written to.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.trim().split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c == '<' || c == '>' || c == '"')
}

/// The first problem with a report's front matter, placed at its line.
pub fn validate(
    fm: &FrontMatter,
    yaml: &str,
    first_line: usize,
    file: &Path,
) -> Result<(), Diagnostic> {
    let at = |top: &str, key: &str| -> usize {
        let (l, _) = crate::load::yaml::locate_in_yaml(yaml, top, &format!("{key}:"));
        l + first_line - 1
    };
    let err = |line: usize, msg: String, hint: &str| {
        Diagnostic::error(Code::FrontMatter, msg)
            .in_file(file)
            .at(line, 1)
            .hint(hint.to_string())
    };
    if let Some(r) = &fm.report {
        for (key, v) in [("meeting", &r.meeting), ("decided", &r.decided)] {
            if let Some(v) = v
                && !is_iso_date(v)
            {
                return Err(err(
                    at("report", key),
                    format!("front matter: `report.{key}` is not a date: `{v}`"),
                    "write dates as YYYY-MM-DD, e.g. `meeting: 2023-11-14`",
                ));
            }
        }
        for (key, person) in [
            ("author", &r.author),
            ("portfolio_holder", &r.portfolio_holder),
            ("contact", &r.contact),
        ] {
            if let Some(p) = person {
                person_ok(p, key)
                    .map_err(|(field, msg, hint)| err(at("report", field), msg, hint))?;
            }
        }
    }
    if let Some(rec) = &fm.recommendations {
        let mut seen = std::collections::HashSet::new();
        for item in &rec.items {
            if let Some(id) = item.id()
                && !seen.insert(id)
            {
                return Err(err(
                    at("recommendations", "id"),
                    format!("front matter: two recommendations have the id `{id}`"),
                    "give each recommendation its own id, or leave ids out to link them by number",
                ));
            }
        }
    }
    for (k, v) in &fm.implications {
        if !v.is_string() {
            let name = k.as_str().unwrap_or("?");
            return Err(err(
                at("implications", name),
                format!("front matter: the implication `{name}` must be text"),
                "write what the implication is in words, e.g. `legal: \"None.\"`",
            ));
        }
    }
    for v in &fm.history {
        if !is_iso_date(&v.date) {
            return Err(err(
                at("history", "date"),
                format!(
                    "front matter: a history entry's `date` is not a date: `{}`",
                    v.date
                ),
                "write dates as YYYY-MM-DD, e.g. `date: 2023-11-14`",
            ));
        }
    }
    Ok(())
}

type Problem = (&'static str, String, &'static str);

fn person_ok(p: &Person, key: &'static str) -> Result<(), Problem> {
    if let Some(phone) = &p.phone
        && uk_phone(phone).is_none()
    {
        return Err((
            "phone",
            format!("front matter: `report.{key}.phone` is not a UK phone number: `{phone}`"),
            "write it as it is dialled from the UK, e.g. `01233 330225` or `+44 1233 330225`; it is published as a link that dials it",
        ));
    }
    if let Some(email) = &p.email
        && !is_email(email)
    {
        return Err((
            "email",
            format!("front matter: `report.{key}.email` is not an email address: `{email}`"),
            "write the address alone, e.g. `community.safety@ashford.gov.uk`",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        assert_eq!(uk_phone("(01233) 330225").as_deref(), Some("+441233330225"));
        assert_eq!(uk_phone("03000 410234").as_deref(), Some("+443000410234"));
        assert_eq!(
            uk_phone("+44 (0)1233 330225").as_deref(),
            Some("+441233330225")
        );
        assert_eq!(
            uk_phone("+44 1233 330225").as_deref(),
            Some("+441233330225")
        );
        assert_eq!(uk_phone("330225"), None);
        assert_eq!(uk_phone("01233 3302"), None, "too short");
        assert_eq!(uk_phone("call 01233 330225"), None);
    }

    #[test]
    fn emails() {
        assert!(is_email("alison.oates@ashford.gov.uk"));
        assert!(!is_email("alison.oates@ashford"));
        assert!(!is_email("Alison Oates <a@b.uk>"));
        assert!(!is_email("a@@b.uk"));
    }
}
