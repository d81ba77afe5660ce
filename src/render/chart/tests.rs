//! Whole-chart tests: the figure's structure, accessibility and errors,
//! on datasets built in memory.

use std::path::PathBuf;

use super::*;
use crate::model::dataset::format::Cell;
use crate::model::dataset::{Column, Meta, RowPos};

fn col(name: &str, label: &str, ty: ColType) -> Column {
    Column {
        name: name.into(),
        label: label.into(),
        ty,
        unit: None,
        description: None,
        decimals: if ty == ColType::Percent { 1 } else { 0 },
        signed: false,
        required: false,
        hidden: false,
        formula: None,
        derived: None,
        verify: None,
        tolerance: None,
        spec_line: 0,
    }
}

fn dataset(name: &str, columns: Vec<Column>, rows: Vec<Vec<Cell>>) -> Dataset {
    let n = rows.len();
    Dataset {
        name: name.into(),
        csv_path: PathBuf::from(format!("data/{name}.csv")),
        sidecar_path: None,
        meta: Meta {
            title: "Anti-social behaviour by district".into(),
            source: "Kent Police".into(),
            ..Meta::default()
        },
        key: 0,
        columns,
        rows,
        positions: (0..n)
            .map(|i| RowPos {
                line: i + 2,
                columns: Vec::new(),
            })
            .collect(),
        raw: vec![],
        totals: None,
        formats: Default::default(),
        notes: Vec::new(),
        marks: Default::default(),
        translations: Default::default(),
        lang_prefix: String::new(),
    }
}

fn asb() -> Dataset {
    let mut current = col("current", "Apr to Sep 2023", ColType::Integer);
    current.unit = Some("incidents".into());
    let mut previous = col("previous", "Apr to Sep 2022", ColType::Integer);
    previous.unit = Some("incidents".into());
    let mut stated = col("stated_change", "% change (as published)", ColType::Percent);
    stated.verify = Some("change_pct".into());
    stated.hidden = true;
    let mut change = col("change_pct", "% change", ColType::Percent);
    change.signed = true;
    change.formula = Some("(current - previous) / previous".into());
    let data = [
        ("Medway", 2929.0, 2929.0),
        ("Swale", 1711.0, 1498.0),
        ("Thanet", 1589.0, 1632.0),
        ("Ashford", 1020.0, 965.0),
        ("Tunbridge Wells", 957.0, 618.0),
        ("Folkestone and Hythe", 810.0, 966.0),
        ("Sevenoaks", 699.0, 613.0),
    ];
    dataset(
        "asb-by-district",
        vec![
            col("district", "District", ColType::Text),
            current,
            previous,
            stated,
            change,
        ],
        data.iter()
            .map(|(d, c, p)| {
                vec![
                    Cell::Text(d.to_string()),
                    Cell::Number(*c),
                    Cell::Number(*p),
                    Cell::Number(0.0),
                    Cell::Number((c - p) / p * 100.0),
                ]
            })
            .collect(),
    )
}

fn opts(id: &str) -> ChartOptions {
    ChartOptions {
        id: id.into(),
        ..ChartOptions::default()
    }
}

fn count(h: &str, needle: &str) -> usize {
    h.matches(needle).count()
}

fn assert_well_formed(h: &str, id: &str) {
    assert!(h.starts_with("<figure class=\"chart"), "{h}");
    assert!(h.ends_with("</figure>"));
    assert!(!h.contains(" style="), "no inline styles");
    assert!(!h.contains("<script"), "no JavaScript");
    assert!(!h.lines().any(|l| l.trim().is_empty()), "no blank lines");
    assert!(h.contains(&format!(
        "role=\"img\" aria-labelledby=\"{id}-title {id}-desc\""
    )));
    assert!(h.contains(&format!("<title id=\"{id}-title\">")));
    assert!(h.contains(&format!("<desc id=\"{id}-desc\">")));
    assert!(h.contains("viewBox=\"0 0 640 "));
    assert!(h.contains("<details class=\"chart__data\">\n<summary>Show the data</summary>"));
    assert!(h.contains("<p class=\"chart__source\">Source: Kent Police. "));
    assert!(h.contains("href=\"/data/"));
    assert!(h.contains(" download>Download the data (CSV"));
    // Source and download are said once, under the figure, not again
    // under its data table.
    assert_eq!(count(h, " download>"), 1, "{h}");
    assert_eq!(count(h, "Source: "), 1, "{h}");
    // Every id on the page derives from the chart's.
    for part in h.split(" id=\"").skip(1) {
        let value = &part[..part.find('"').unwrap()];
        assert!(value.starts_with(id), "id {value} does not start with {id}");
    }
    assert_eq!(count(h, "<svg"), 1);
    assert_eq!(count(h, "</svg>"), 1);
    assert_eq!(count(h, "<text"), count(h, "</text>"));
    assert_eq!(count(h, "<g"), count(h, "</g>"));
}

#[test]
fn default_bar_chart_ranks_highest_first() {
    let h = render(&asb(), &opts("chart-asb")).unwrap();
    assert_well_formed(&h, "chart-asb");
    assert!(h.contains("class=\"chart chart--bar\""));
    assert_eq!(count(&h, "<rect class=\"bar "), 7);
    assert!(!h.contains("chart__legend"), "no legend for one series");
    assert!(!h.contains("<pattern"));
    let medway = h.find(">Medway<").unwrap();
    let swale = h.find(">Swale<").unwrap();
    let sevenoaks = h.find(">Sevenoaks<").unwrap();
    assert!(medway < swale && swale < sevenoaks);
    assert!(
        h.contains(">2,929</text>"),
        "value labels use the formatter"
    );
    assert!(h.contains("<figcaption id=\"chart-asb-caption\"><span class=\"chart__title\">Anti-social behaviour by district</span></figcaption>"));
    assert!(
        h.contains(">Incidents</text>"),
        "the unit is the default axis label"
    );
    assert!(
        h.contains("id=\"chart-asb-data\""),
        "the table's id derives from the chart's"
    );
}

#[test]
fn highlight_is_colour_bold_and_marker_and_described() {
    let mut o = opts("c");
    o.highlight = vec!["ashford".into()];
    o.title = Some("ASB & <friends>".into());
    o.subtitle = Some("Ashford highlighted".into());
    let h = render(&asb(), &o).unwrap();
    assert_well_formed(&h, "c");
    assert_eq!(count(&h, "bar--highlight"), 1);
    assert!(h.contains("fill=\"#F46A25\""));
    assert!(h.contains("font-weight=\"bold\""));
    assert_eq!(count(&h, "class=\"chart__marker\""), 1);
    assert!(
        h.contains("Ashford: 1,020 incidents, 4th highest of 7 (highlighted)."),
        "{h}"
    );
    assert!(h.contains("ASB &amp; &lt;friends&gt;"));
    assert!(!h.contains("<friends>"));
    assert!(h.contains("<p class=\"chart__subtitle\">Ashford highlighted</p>"));
    assert!(
        h.contains("<tr class=\"highlight\">"),
        "the table highlights the same row"
    );
}

#[test]
fn description_gives_range_highest_and_lowest() {
    let h = render(&asb(), &opts("c")).unwrap();
    let desc = &h[h.find("<desc").unwrap()..h.find("</desc>").unwrap()];
    assert!(
        desc.contains(
            "Bar chart of Apr to Sep 2023 (incidents) by district: 7 bars, highest first."
        ),
        "{desc}"
    );
    assert!(desc.contains("Values range from 699 incidents (Sevenoaks, lowest) to 2,929 incidents (Medway, highest)."), "{desc}");
}

#[test]
fn grouped_bars_have_a_legend_and_patterns() {
    let mut o = opts("g");
    o.columns = Some(vec!["current".into(), "previous".into()]);
    o.highlight = vec!["Ashford".into()];
    let h = render(&asb(), &o).unwrap();
    assert_well_formed(&h, "g");
    assert!(h.contains("chart--grouped-bar"));
    assert_eq!(count(&h, "<rect class=\"bar "), 14);
    assert_eq!(count(&h, "class=\"chart__swatch\""), 2);
    assert!(h.contains("<g class=\"chart__legend\">"));
    assert!(
        h.find("chart__legend").unwrap() < h.find("class=\"bar ").unwrap(),
        "legend above"
    );
    assert!(h.contains("<pattern id=\"g-pattern-1\""));
    assert!(h.contains("fill=\"url(#g-pattern-1)\""));
    assert!(
        !h.contains("bar--highlight"),
        "series colours are kept; the label and marker mark the row"
    );
    assert!(h.contains(
        "Ashford: Apr to Sep 2023 1,020 incidents, 4th highest of 7; Apr to Sep 2022 965 incidents"
    ));
    // CSV order by default for grouped bars.
    assert!(h.find(">Thanet<").unwrap() < h.find(">Ashford<").unwrap());
}

#[test]
fn two_columns_default_to_grouped_bar() {
    let mut o = opts("g");
    o.columns = Some(vec!["current".into(), "previous".into()]);
    let h = render(&asb(), &o).unwrap();
    assert!(h.contains("chart--grouped-bar"));
    let mut o = opts("g");
    o.kind = Some("grouped-bar".into());
    let h = render(&asb(), &o).unwrap();
    assert_eq!(
        count(&h, "<rect class=\"bar "),
        14,
        "first two number columns"
    );
}

#[test]
fn stacked_bars_show_totals() {
    let mut o = opts("s");
    o.kind = Some("stacked-bar".into());
    let h = render(&asb(), &o).unwrap();
    assert_well_formed(&h, "s");
    // current + previous (change_pct is computed, so not stacked by default)
    assert_eq!(count(&h, "<rect class=\"bar "), 14);
    assert!(h.contains(">5,858</text>"), "Medway's total");
    assert!(h.contains("Totals range from 1,312 incidents (Sevenoaks, lowest) to 5,858 incidents (Medway, highest)."), "{h}");
}

#[test]
fn negative_values_draw_left_of_zero() {
    let mut o = opts("n");
    o.columns = Some(vec!["change_pct".into()]);
    let h = render(&asb(), &o).unwrap();
    assert_well_formed(&h, "n");
    assert!(
        h.contains(">+63.6%</text>") || h.contains(">+54.9%</text>"),
        "{h}"
    );
    assert!(h.contains(">\u{2212}16.1%</text>"));
    assert!(h.contains(">0%</text>"), "a zero tick");
    assert!(h.contains(">\u{2212}20%</text>"));
}

#[test]
fn line_chart_has_rows_along_the_axis() {
    let mut o = opts("l");
    o.kind = Some("line".into());
    let h = render(&asb(), &o).unwrap();
    assert_well_formed(&h, "l");
    assert!(h.contains("chart--line"));
    assert_eq!(count(&h, "<path class=\"line\""), 1);
    assert_eq!(count(&h, "<circle class=\"point\""), 7);
    assert!(!h.contains("chart__legend"));
    assert!(
        h.find(">Medway<").unwrap() < h.find(">Sevenoaks<").unwrap(),
        "CSV order"
    );
    assert!(h.contains(
        "The line starts at 2,929 incidents (Medway) and ends at 699 incidents (Sevenoaks)."
    ));
    let mut o = opts("l2");
    o.kind = Some("line".into());
    o.columns = Some(vec!["current".into(), "previous".into()]);
    let h = render(&asb(), &o).unwrap();
    assert_well_formed(&h, "l2");
    assert_eq!(count(&h, "<path class=\"line\""), 2);
    assert!(h.contains("stroke-dasharray"));
    assert!(h.contains("chart__legend"));
}

#[test]
fn missing_values_are_said_not_drawn() {
    let mut ds = asb();
    ds.rows[1][1] = Cell::Missing;
    let h = render(&ds, &opts("m")).unwrap();
    assert_well_formed(&h, "m");
    assert_eq!(count(&h, "<rect class=\"bar "), 6);
    assert!(h.contains(">no data</text>"));
    assert!(h.contains("No data for Swale."));
    let mut o = opts("ml");
    o.kind = Some("line".into());
    let h = render(&ds, &o).unwrap();
    let d = &h[h.find("<path class=\"line\" d=\"").unwrap()..];
    assert_eq!(
        d[..d.find("\" fill").unwrap()].matches('M').count(),
        2,
        "the line breaks"
    );
}

#[test]
fn all_zero_and_single_row() {
    let mut ds = asb();
    for r in &mut ds.rows {
        r[1] = Cell::Number(0.0);
    }
    let h = render(&ds, &opts("z")).unwrap();
    assert_well_formed(&h, "z");
    assert!(h.contains("every value is 0 incidents"));
    ds.rows.truncate(1);
    let h = render(&ds, &opts("one")).unwrap();
    assert_well_formed(&h, "one");
    assert_eq!(count(&h, "<rect class=\"bar "), 1);
}

#[test]
fn several_charts_do_not_share_ids() {
    let mut o = opts("chart-asb-2");
    o.columns = Some(vec!["current".into(), "previous".into()]);
    let h = render(&asb(), &o).unwrap();
    assert!(h.contains("id=\"chart-asb-2-pattern-1\""));
    assert!(h.contains("id=\"chart-asb-2-title\""));
}

fn error(o: &ChartOptions) -> ChartError {
    render(&asb(), o).unwrap_err()
}

#[test]
fn helpful_errors() {
    let mut o = opts("e");
    o.kind = Some("bars".into());
    let e = error(&o);
    assert!(e.message.contains("unknown kind \"bars\""), "{}", e.message);
    assert!(e.hint.contains("did you mean kind=\"bar\""), "{}", e.hint);

    let mut o = opts("e");
    o.columns = Some(vec!["curent".into()]);
    let e = error(&o);
    assert!(e.message.contains("no column \"curent\""));
    assert!(e.hint.contains("did you mean \"current\""), "{}", e.hint);

    let mut o = opts("e");
    o.columns = Some(vec!["district".into()]);
    let e = error(&o);
    assert!(e.message.contains("is text"), "{}", e.message);
    assert!(e.hint.contains("\"current\""));

    let mut o = opts("e");
    o.columns = Some(vec!["stated_change".into()]);
    assert!(error(&o).hint.contains("change_pct"));

    let mut o = opts("e");
    o.highlight = vec!["Ashfrod".into()];
    let e = error(&o);
    assert!(e.message.contains("no row \"Ashfrod\""));
    assert!(e.hint.contains("did you mean \"Ashford\""), "{}", e.hint);

    let mut o = opts("e");
    o.sort = Some("-currnet".into());
    let e = error(&o);
    assert!(e.message.contains("to sort by"), "{}", e.message);
    assert!(e.hint.contains("did you mean \"current\""));

    let mut o = opts("e");
    o.kind = Some("bar".into());
    o.columns = Some(vec!["current".into(), "previous".into()]);
    assert!(error(&o).hint.contains("grouped-bar"));

    let mut o = opts("e");
    o.kind = Some("grouped-bar".into());
    o.columns = Some(vec!["current".into()]);
    assert!(error(&o).message.contains("two or more"));

    let mut o = opts("e");
    o.columns = Some(vec!["current".into(), "change_pct".into()]);
    assert!(error(&o).message.contains("one axis"));

    let mut o = opts("e");
    o.kind = Some("stacked-bar".into());
    o.columns = Some(vec!["current".into(), "change_pct".into()]);
    assert!(error(&o).message.contains("one axis"));

    let mut o = opts("e");
    o.label = Some("nope".into());
    assert!(error(&o).message.contains("no column \"nope\""));
}

#[test]
fn stacked_bars_refuse_negative_values() {
    let mut ds = asb();
    ds.rows[0][2] = Cell::Number(-5.0);
    let mut o = opts("s");
    o.kind = Some("stacked-bar".into());
    let e = render(&ds, &o).unwrap_err();
    assert!(e.message.contains("negative"), "{}", e.message);
    assert!(e.message.contains("\u{2212}5"));
}

#[test]
fn sort_none_keeps_the_csv_order() {
    let mut ds = asb();
    ds.rows.swap(0, 6);
    let mut o = opts("s");
    o.sort = Some("none".into());
    let h = render(&ds, &o).unwrap();
    assert!(h.find(">Sevenoaks<").unwrap() < h.find(">Medway<").unwrap());
    o.sort = Some("current".into());
    let h = render(&ds, &o).unwrap();
    assert!(h.contains("lowest first"));
}

#[test]
fn text_from_data_is_escaped_and_blank_lines_removed() {
    let mut ds = asb();
    ds.rows[0][0] = Cell::Text("<script>alert(1)</script>\n\nEvil \"row\"".into());
    ds.meta.source = "A & B".into();
    let h = render(&ds, &opts("x")).unwrap();
    assert!(!h.contains("<script"));
    assert!(!h.lines().any(|l| l.trim().is_empty()));
    assert!(h.contains("Source: A &amp; B."));
}
