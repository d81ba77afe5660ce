//! The composite GitHub Action (action.yml): actionlint reads workflows,
//! not action metadata, so its rules for a composite action are held here:
//! every `run` step names its shell, every input it uses is declared, and
//! it installs a checked release binary before running the gate.

use std::collections::BTreeSet;

#[test]
fn the_composite_action_is_well_formed() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/action.yml"))
        .expect("action.yml");
    let doc: yaml_serde::Value = yaml_serde::from_str(&text).expect("action.yml is YAML");
    for key in ["name", "description", "inputs", "runs"] {
        assert!(doc.get(key).is_some(), "action.yml has no `{key}`");
    }
    let runs = &doc["runs"];
    assert_eq!(runs["using"].as_str(), Some("composite"));
    let declared: BTreeSet<String> = doc["inputs"]
        .as_mapping()
        .expect("inputs")
        .keys()
        .filter_map(|k| k.as_str().map(str::to_string))
        .collect();
    let steps = runs["steps"].as_sequence().expect("steps");
    for step in steps {
        if step.get("run").is_some() {
            assert!(
                step.get("shell").is_some(),
                "a run step without `shell`: {step:?}"
            );
        }
    }
    let mut rest = text.as_str();
    while let Some(i) = rest.find("inputs.") {
        let name: String = rest[i + 7..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        assert!(
            declared.contains(&name),
            "action.yml uses undeclared input `{name}`"
        );
        rest = &rest[i + 7..];
    }
    assert!(
        text.contains("sha256sum -c"),
        "the download's checksum is checked"
    );
    assert!(text.contains("check --strict --format github"));
}
