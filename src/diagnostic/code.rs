//! The typed codes of findings. Each has a stable name, shown to authors and
//! in `check --format json`, and documented in docs/errors.md (problems that
//! stop the build) or docs/checks.md (publishing checks); a test holds the
//! three together.

use serde::Serialize;

/// What a finding is about. The name (`Code::as_str`) is the stable part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// `accessibility-statement`
    AccessibilityStatement,
    /// `alias`
    Alias,
    /// `alias-collision`
    AliasCollision,
    /// `appendix-letter`
    AppendixLetter,
    /// `bad-path`
    BadPath,
    /// `bad-slug`
    BadSlug,
    /// `base-url-example`
    BaseUrlExample,
    /// `brand-contrast`
    BrandContrast,
    /// `brand-file`
    BrandFile,
    /// `broken-anchor`
    BrokenAnchor,
    /// `broken-external-link`
    BrokenExternalLink,
    /// `broken-link`
    BrokenLink,
    /// `call`
    Call,
    /// `call-limit`
    CallLimit,
    /// `call-syntax`
    CallSyntax,
    /// `call-unterminated`
    CallUnterminated,
    /// `config`
    Config,
    /// `config-missing`
    ConfigMissing,
    /// `correction`
    Correction,
    /// `correction-published`
    CorrectionPublished,
    /// `correction-unmatched`
    CorrectionUnmatched,
    /// `correction-unneeded`
    CorrectionUnneeded,
    /// `correction-unplaced`
    CorrectionUnplaced,
    /// `csv`
    Csv,
    /// `csv-delimiter`
    CsvDelimiter,
    /// `csv-empty`
    CsvEmpty,
    /// `csv-encoding`
    CsvEncoding,
    /// `csv-header`
    CsvHeader,
    /// `csv-quote`
    CsvQuote,
    /// `csv-ragged`
    CsvRagged,
    /// `csv-trailing-blanks`
    CsvTrailingBlanks,
    /// `csv-value`
    CsvValue,
    /// `data-name`
    DataName,
    /// `data-footnote`
    DataFootnote,
    /// `data-no-sidecar`
    DataNoSidecar,
    /// `data-yaml`
    DataYaml,
    /// `derived`
    Derived,
    /// `diff`
    Diff,
    /// `duplicate-url`
    DuplicateUrl,
    /// `empty-link`
    EmptyLink,
    /// `encoding`
    Encoding,
    /// `file-too-big`
    FileTooBig,
    /// `front-matter`
    FrontMatter,
    /// `front-matter-call`
    FrontMatterCall,
    /// `front-matter-empty`
    FrontMatterEmpty,
    /// `front-matter-missing`
    FrontMatterMissing,
    /// `front-matter-unclosed`
    FrontMatterUnclosed,
    /// `glossary`
    Glossary,
    /// `heading-order`
    HeadingOrder,
    /// `image-alt`
    ImageAlt,
    /// `internal`
    Internal,
    /// `io`
    Io,
    /// `last-updated-git`
    LastUpdatedGit,
    /// `missing-lang`
    MissingLang,
    /// `missing-skipped`
    MissingSkipped,
    /// `missing-value`
    MissingValue,
    /// `new`
    New,
    /// `no-description`
    NoDescription,
    /// `not-utf8`
    NotUtf8,
    /// `output-in-source`
    OutputInSource,
    /// `path-outside`
    PathOutside,
    /// `placeholder`
    Placeholder,
    /// `plan-area`
    PlanArea,
    /// `plan-incomplete`
    PlanIncomplete,
    /// `plan-role-missing`
    PlanRoleMissing,
    /// `raw-call`
    RawCall,
    /// `read`
    Read,
    /// `search`
    Search,
    /// `search-page`
    SearchPage,
    /// `serve`
    Serve,
    /// `sidecar`
    Sidecar,
    /// `sidecar-column`
    SidecarColumn,
    /// `sidecar-no-csv`
    SidecarNoCsv,
    /// `stale-period`
    StalePeriod,
    /// `static-collision`
    StaticCollision,
    /// `suppress-revealed`
    SuppressRevealed,
    /// `table-caption`
    TableCaption,
    /// `template`
    Template,
    /// `template-depth`
    TemplateDepth,
    /// `template-loop`
    TemplateLoop,
    /// `template-missing`
    TemplateMissing,
    /// `template-render`
    TemplateRender,
    /// `template-syntax`
    TemplateSyntax,
    /// `theme`
    Theme,
    /// `typed-figure`
    TypedFigure,
    /// `unknown-column`
    UnknownColumn,
    /// `unknown-dataset`
    UnknownDataset,
    /// `unknown-page`
    UnknownPage,
    /// `unknown-row`
    UnknownRow,
    /// `unsafe-link`
    UnsafeLink,
    /// `unsourced-figure`
    UnsourcedFigure,
    /// `verify`
    Verify,
    /// `verify-tolerance`
    VerifyTolerance,
    /// `verify-total`
    VerifyTotal,
    /// `verify-unreadable`
    VerifyUnreadable,
    /// `language`
    Language,
    /// `messages`
    Messages,
    /// `translation-link`
    TranslationLink,
    /// `translation-missing`
    TranslationMissing,
    /// `write`
    Write,
}

impl Code {
    /// Every code, in the order of their names.
    pub const ALL: &[Code] = &[
        Code::AccessibilityStatement,
        Code::Alias,
        Code::AliasCollision,
        Code::AppendixLetter,
        Code::BadPath,
        Code::BadSlug,
        Code::BaseUrlExample,
        Code::BrandContrast,
        Code::BrandFile,
        Code::BrokenAnchor,
        Code::BrokenExternalLink,
        Code::BrokenLink,
        Code::Call,
        Code::CallLimit,
        Code::CallSyntax,
        Code::CallUnterminated,
        Code::Config,
        Code::ConfigMissing,
        Code::Correction,
        Code::CorrectionPublished,
        Code::CorrectionUnmatched,
        Code::CorrectionUnneeded,
        Code::CorrectionUnplaced,
        Code::Csv,
        Code::CsvDelimiter,
        Code::CsvEmpty,
        Code::CsvEncoding,
        Code::CsvHeader,
        Code::CsvQuote,
        Code::CsvRagged,
        Code::CsvTrailingBlanks,
        Code::CsvValue,
        Code::DataFootnote,
        Code::DataName,
        Code::DataNoSidecar,
        Code::DataYaml,
        Code::Derived,
        Code::Diff,
        Code::DuplicateUrl,
        Code::EmptyLink,
        Code::Encoding,
        Code::FileTooBig,
        Code::FrontMatter,
        Code::FrontMatterCall,
        Code::FrontMatterEmpty,
        Code::FrontMatterMissing,
        Code::FrontMatterUnclosed,
        Code::Glossary,
        Code::HeadingOrder,
        Code::ImageAlt,
        Code::Internal,
        Code::Io,
        Code::Language,
        Code::LastUpdatedGit,
        Code::Messages,
        Code::MissingLang,
        Code::MissingSkipped,
        Code::MissingValue,
        Code::New,
        Code::NoDescription,
        Code::NotUtf8,
        Code::OutputInSource,
        Code::PathOutside,
        Code::Placeholder,
        Code::PlanArea,
        Code::PlanIncomplete,
        Code::PlanRoleMissing,
        Code::RawCall,
        Code::Read,
        Code::Search,
        Code::SearchPage,
        Code::Serve,
        Code::Sidecar,
        Code::SidecarColumn,
        Code::SidecarNoCsv,
        Code::StalePeriod,
        Code::StaticCollision,
        Code::SuppressRevealed,
        Code::TableCaption,
        Code::Template,
        Code::TemplateDepth,
        Code::TemplateLoop,
        Code::TemplateMissing,
        Code::TemplateRender,
        Code::TemplateSyntax,
        Code::Theme,
        Code::TranslationLink,
        Code::TranslationMissing,
        Code::TypedFigure,
        Code::UnknownColumn,
        Code::UnknownDataset,
        Code::UnknownPage,
        Code::UnknownRow,
        Code::UnsafeLink,
        Code::UnsourcedFigure,
        Code::Verify,
        Code::VerifyTolerance,
        Code::VerifyTotal,
        Code::VerifyUnreadable,
        Code::Write,
    ];

    /// The stable name, e.g. `front-matter`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::AccessibilityStatement => "accessibility-statement",
            Code::AppendixLetter => "appendix-letter",
            Code::BadPath => "bad-path",
            Code::BaseUrlExample => "base-url-example",
            Code::BadSlug => "bad-slug",
            Code::BrokenAnchor => "broken-anchor",
            Code::BrokenExternalLink => "broken-external-link",
            Code::BrokenLink => "broken-link",
            Code::Call => "call",
            Code::CallSyntax => "call-syntax",
            Code::CallUnterminated => "call-unterminated",
            Code::Config => "config",
            Code::ConfigMissing => "config-missing",
            Code::Correction => "correction",
            Code::CorrectionPublished => "correction-published",
            Code::CorrectionUnmatched => "correction-unmatched",
            Code::CorrectionUnneeded => "correction-unneeded",
            Code::CorrectionUnplaced => "correction-unplaced",
            Code::Csv => "csv",
            Code::CsvDelimiter => "csv-delimiter",
            Code::CsvEmpty => "csv-empty",
            Code::CsvEncoding => "csv-encoding",
            Code::CsvHeader => "csv-header",
            Code::CsvQuote => "csv-quote",
            Code::CsvRagged => "csv-ragged",
            Code::CsvTrailingBlanks => "csv-trailing-blanks",
            Code::CsvValue => "csv-value",
            Code::DataFootnote => "data-footnote",
            Code::DataName => "data-name",
            Code::DataNoSidecar => "data-no-sidecar",
            Code::DataYaml => "data-yaml",
            Code::Derived => "derived",
            Code::Diff => "diff",
            Code::DuplicateUrl => "duplicate-url",
            Code::EmptyLink => "empty-link",
            Code::Encoding => "encoding",
            Code::FileTooBig => "file-too-big",
            Code::FrontMatter => "front-matter",
            Code::FrontMatterCall => "front-matter-call",
            Code::FrontMatterEmpty => "front-matter-empty",
            Code::FrontMatterMissing => "front-matter-missing",
            Code::FrontMatterUnclosed => "front-matter-unclosed",
            Code::Glossary => "glossary",
            Code::HeadingOrder => "heading-order",
            Code::ImageAlt => "image-alt",
            Code::Internal => "internal",
            Code::Io => "io",
            Code::MissingLang => "missing-lang",
            Code::MissingValue => "missing-value",
            Code::MissingSkipped => "missing-skipped",
            Code::New => "new",
            Code::NoDescription => "no-description",
            Code::NotUtf8 => "not-utf8",
            Code::PathOutside => "path-outside",
            Code::Placeholder => "placeholder",
            Code::PlanArea => "plan-area",
            Code::PlanIncomplete => "plan-incomplete",
            Code::PlanRoleMissing => "plan-role-missing",
            Code::RawCall => "raw-call",
            Code::Read => "read",
            Code::Search => "search",
            Code::Serve => "serve",
            Code::Sidecar => "sidecar",
            Code::SidecarColumn => "sidecar-column",
            Code::SidecarNoCsv => "sidecar-no-csv",
            Code::StalePeriod => "stale-period",
            Code::TableCaption => "table-caption",
            Code::SuppressRevealed => "suppress-revealed",
            Code::Template => "template",
            Code::TemplateDepth => "template-depth",
            Code::TemplateLoop => "template-loop",
            Code::TemplateMissing => "template-missing",
            Code::TemplateRender => "template-render",
            Code::TemplateSyntax => "template-syntax",
            Code::Theme => "theme",
            Code::TypedFigure => "typed-figure",
            Code::UnknownColumn => "unknown-column",
            Code::UnknownDataset => "unknown-dataset",
            Code::UnknownPage => "unknown-page",
            Code::UnknownRow => "unknown-row",
            Code::UnsourcedFigure => "unsourced-figure",
            Code::UnsafeLink => "unsafe-link",
            Code::Verify => "verify",
            Code::VerifyTotal => "verify-total",
            Code::VerifyTolerance => "verify-tolerance",
            Code::VerifyUnreadable => "verify-unreadable",
            Code::OutputInSource => "output-in-source",
            Code::StaticCollision => "static-collision",
            Code::CallLimit => "call-limit",
            Code::SearchPage => "search-page",
            Code::Language => "language",
            Code::Messages => "messages",
            Code::TranslationLink => "translation-link",
            Code::TranslationMissing => "translation-missing",
            Code::Write => "write",
            Code::Alias => "alias",
            Code::AliasCollision => "alias-collision",
            Code::BrandContrast => "brand-contrast",
            Code::BrandFile => "brand-file",
            Code::LastUpdatedGit => "last-updated-git",
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code is documented: in docs/errors.md's tables of problems
    /// that stop the build, or as a heading of docs/checks.md; and every
    /// code the docs name exists.
    #[test]
    fn codes_match_the_docs() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let errors = std::fs::read_to_string(root.join("docs/errors.md")).unwrap();
        let checks = std::fs::read_to_string(root.join("docs/checks.md")).unwrap();
        let mut documented: Vec<&str> = errors
            .lines()
            .filter_map(|l| l.strip_prefix("| `")?.split_once("` |").map(|(c, _)| c))
            .filter(|c| !c.starts_with('-') && !c.chars().all(|ch| ch.is_ascii_digit()))
            .collect();
        documented.extend(checks.lines().filter_map(|l| l.strip_prefix("### ")));
        for c in Code::ALL {
            assert!(
                documented.contains(&c.as_str()),
                "`{c}` is not documented in docs/errors.md or docs/checks.md"
            );
        }
        for d in &documented {
            assert!(
                Code::ALL.iter().any(|c| c == d),
                "docs name `{d}`, which is no code"
            );
        }
        let mut sorted = Code::ALL.to_vec();
        sorted.sort_by_key(|c| c.as_str());
        assert_eq!(sorted, Code::ALL, "Code::ALL is in the order of the names");
    }
}
