//! The `page.document` value a theme prints: what kind of document the page
//! belongs to, the badge that says so on the home page, and a committee
//! report's cover sheet, recommendations, implications and history, each
//! already in the words and order a reader sees them.

use serde_json::{Value as Json, json};

use crate::load::report::uk_phone;
use crate::model::i18n::Messages;
use crate::model::page::Page;
use crate::model::report::{DocKind, Person, Report};
use crate::model::site::Site;

/// The kind of document `p` is part of: its own `kind:`, else the nearest
/// section's that has one, else the home page's, else a plan.
pub fn kind_of(site: &Site, p: &Page) -> DocKind {
    if let Some(k) = p.front.kind {
        return k;
    }
    let ancestors = site.content.ancestors(p);
    ancestors
        .iter()
        .rev()
        .find_map(|a| a.front.kind)
        .unwrap_or_default()
}

/// The line under the home page's title: "Report to Overview and Scrutiny
/// Committee, 14 November 2023", "Community safety agreement for 2022/23".
fn badge(site: &Site, p: &Page, kind: DocKind, w: &Messages) -> Option<String> {
    let period = Some(site.config.period.current.clone()).filter(|c| !c.is_empty());
    let for_period = |key: &str| period.as_ref().map(|per| w.fill(key, &[("period", per)]));
    match kind {
        DocKind::Plan => for_period("badge.plan"),
        DocKind::Agreement => for_period("badge.agreement"),
        DocKind::Strategy => for_period("badge.strategy"),
        DocKind::AnnualReport => for_period("badge.annual_report"),
        DocKind::CommitteeReport => {
            let r = p.front.report.as_ref()?;
            let when = r.meeting.as_deref().map(|m| w.date(m));
            Some(match (&r.committee, when) {
                (Some(c), Some(d)) => {
                    w.fill("badge.report_to_on", &[("committee", c), ("date", &d)])
                }
                (Some(c), None) => w.fill("badge.report_to", &[("committee", c)]),
                (None, Some(d)) => w.fill("badge.report_for", &[("date", &d)]),
                (None, None) => w.get("badge.report").to_string(),
            })
        }
    }
}

fn person(p: &Person) -> Json {
    let mut v = json!({ "name": p.name });
    if let Some(role) = &p.role {
        v["role"] = json!(role);
    }
    if let Some(email) = &p.email {
        v["email"] = json!(email);
        v["mailto"] = json!(format!("mailto:{}", email.trim()));
    }
    if let Some(phone) = &p.phone {
        v["phone"] = json!(phone);
        if let Some(tel) = uk_phone(phone) {
            v["tel"] = json!(format!("tel:{tel}"));
        }
    }
    v
}

fn yes_no(b: bool, w: &Messages) -> String {
    w.get(if b { "report.yes" } else { "report.no" })
        .to_string()
}

/// The cover sheet as rows of a summary list, in the order reports give
/// them; a field the author left out is left out.
fn cover(r: &Report, w: &Messages) -> Vec<Json> {
    let mut rows = Vec::new();
    let mut row =
        |key: &str, value: String| rows.push(json!({ "key": w.get(key), "value": value }));
    if let Some(c) = &r.committee {
        row("report.to", c.clone());
    }
    if let Some(m) = &r.meeting {
        row("report.meeting", w.date(m));
    }
    if let Some(a) = &r.agenda_item {
        row("report.agenda_item", a.clone());
    }
    for (key, p) in [
        ("report.report_author", &r.author),
        ("report.portfolio_holder", &r.portfolio_holder),
    ] {
        if let Some(p) = p {
            let v = match &p.role {
                Some(role) => format!("{}, {role}", p.name),
                None => p.name.clone(),
            };
            row(key, v);
        }
    }
    if let Some(k) = r.key_decision {
        row("report.key_decision", yes_no(k, w));
    }
    if let Some(wards) = &r.wards {
        row("report.wards", wards.clone());
    }
    if let Some(e) = r.exempt {
        let v = match (&r.exempt_reason, e) {
            (Some(why), true) => w.fill("report.yes_because", &[("reason", why)]),
            _ => yes_no(e, w),
        };
        row("report.exempt", v);
    }
    if let Some(b) = &r.background_papers {
        row("report.background_papers", b.clone());
    }
    rows
}

/// Where the report stands, in words: "Decided on 14 November 2023: …".
fn status(r: &Report, w: &Messages) -> Option<Json> {
    let s = r.status?;
    let name = format!("{s:?}").to_lowercase();
    let words = w.get(&format!("report.status.{name}")).to_string();
    let when = r.decided.as_deref().map(|d| w.date(d));
    let headline = match (s.is_settled(), when) {
        (true, Some(d)) => w.fill("report.status_on", &[("status", &words), ("date", &d)]),
        _ => words,
    };
    Some(json!({
        "name": name,
        "settled": s.is_settled(),
        "headline": headline,
        "decision": r.decision,
    }))
}

fn humanise(key: &str) -> String {
    let words = key.replace(['_', '-'], " ");
    let mut c = words.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// `page.document` for the page `p`.
pub fn document_value(site: &Site, p: &Page) -> Json {
    let kind = kind_of(site, p);
    let f = &p.front;
    let w = site.strings.of(&site.config.lang_of_url(&p.url));
    let mut v = json!({ "kind": kind.name() });
    if let Some(b) = badge(site, p, kind, w) {
        v["badge"] = json!(b);
    }
    if let Some(r) = &f.report {
        let mut report = json!({ "rows": cover(r, w) });
        if let Some(s) = status(r, w) {
            report["status"] = s;
        }
        if let Some(c) = &r.contact {
            report["contact"] = person(c);
        }
        if let Some(m) = &r.meeting {
            report["meeting"] = json!(m);
        }
        v["report"] = report;
    }
    if let Some(rec) = &f.recommendations {
        let items: Vec<Json> = rec
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let mark = rec.numbering.mark(i + 1);
                let id = match item.id() {
                    Some(id) => format!("recommendation-{}", crate::util::text::slugify(id)),
                    None => format!("recommendation-{mark}"),
                };
                json!({ "mark": mark, "id": id, "text": item.text() })
            })
            .collect();
        v["recommendations"] = json!({ "intro": rec.intro, "items": items });
    }
    if !f.implications.is_empty() {
        let list: Vec<Json> = f
            .implications
            .iter()
            .filter_map(|(k, val)| {
                let key = k.as_str()?;
                let id = format!("implications-{}", crate::util::text::slugify(key));
                Some(json!({ "title": humanise(key), "id": id, "text": val.as_str()? }))
            })
            .collect();
        v["implications"] = json!(list);
    }
    if !f.history.is_empty() {
        v["history"] = json!(f
            .history
            .iter()
            .map(|h| json!({ "version": h.version, "date": h.date, "author": h.author, "changes": h.changes }))
            .collect::<Vec<_>>());
    }
    v
}

/// The page's description as the feed and listings give it: with a
/// report's status first once the meeting has dealt with it, so a
/// subscriber learns the decision ("Noted on 14 November 2023. …").
pub fn summary(p: &Page, w: &Messages) -> Option<String> {
    let settled = p
        .front
        .report
        .as_ref()
        .and_then(|r| status(r, w))
        .filter(|s| s["settled"] == json!(true))
        .and_then(|s| s["headline"].as_str().map(str::to_string));
    match (settled, &p.front.description) {
        (Some(s), Some(d)) => Some(format!("{s}. {d}")),
        (Some(s), None) => Some(format!("{s}.")),
        (None, d) => d.clone(),
    }
}

/// The date a page was last changed: its `updated:`, else the newest
/// entry of its document history.
/// A page's "Last updated" date: its `updated:`, else its report history's
/// latest date, else (with `last_updated: git`) its file's last commit.
pub fn last_updated(site: &crate::model::site::Site, p: &Page) -> Option<String> {
    p.front
        .updated
        .clone()
        .or_else(|| p.front.history.iter().map(|h| h.date.clone()).max())
        .or_else(|| site.git_dates.get(&p.source).cloned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn implication_names_read_as_words() {
        assert_eq!(humanise("equalities_impact"), "Equalities impact");
        assert_eq!(humanise("legal"), "Legal");
    }
}
