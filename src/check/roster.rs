//! Which pages and sources a check must work out again. `serve` rebuilds
//! a page or two of a big site at a time: while the site has the same
//! pages as at the last check, only those forgotten since are read again,
//! and the findings of the rest are taken from the cache as they are.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::model::site::Site;
use crate::render::RenderedPage;

/// The pages and sources the last check saw, and what has been forgotten
/// since.
#[derive(Debug, Default)]
pub(super) struct Roster {
    urls: Vec<String>,
    sources: Vec<PathBuf>,
    pub(super) forgot_pages: HashSet<String>,
    pub(super) forgot_sources: HashSet<PathBuf>,
    /// For each page, the pages its links name with a `#fragment`; and the
    /// other way round, so a page whose ids change has the pages linking
    /// into it checked again, and no others.
    targets: HashMap<String, Vec<String>>,
    linked_from: HashMap<String, HashSet<String>>,
}

/// What a check works out again: indices into the rendered pages and into
/// the site's source pages. None: everything not in the cache.
pub(super) struct Redo {
    pub(super) pages: Option<Vec<usize>>,
    pub(super) sources: Option<Vec<usize>>,
}

impl Roster {
    /// What must be worked out again for `pages` of `site`; notes them as
    /// seen, so the next check compares with these.
    pub(super) fn redo(&mut self, site: &Site, pages: &[RenderedPage]) -> Redo {
        let same_pages = self.urls.len() == pages.len()
            && (self.urls.iter()).zip(pages).all(|(u, p)| *u == p.url);
        let same_sources = self.sources.len() == site.content.pages.len()
            && (self.sources.iter())
                .zip(&site.content.pages)
                .all(|(s, p)| s.as_os_str() == p.source.as_os_str());
        let redo = Redo {
            pages: same_pages.then(|| picked(pages.iter().map(|p| &p.url), &self.forgot_pages)),
            sources: same_sources.then(|| {
                let list = site.content.pages.iter().map(|p| &p.source);
                picked(list, &self.forgot_sources)
            }),
        };
        if !same_pages {
            self.urls = pages.iter().map(|p| p.url.clone()).collect();
            self.targets.clear();
            self.linked_from.clear();
        }
        if !same_sources {
            self.sources = site
                .content
                .pages
                .iter()
                .map(|p| p.source.clone())
                .collect();
        }
        self.forgot_pages.clear();
        self.forgot_sources.clear();
        redo
    }

    /// Notes the pages `from`'s links name with a fragment.
    pub(super) fn links(&mut self, from: &str, targets: Vec<String>) {
        if let Some(old) = self.targets.remove(from) {
            for t in old {
                if let Some(set) = self.linked_from.get_mut(&t) {
                    set.remove(from);
                }
            }
        }
        for t in &targets {
            (self.linked_from.entry(t.clone()).or_default()).insert(from.to_string());
        }
        self.targets.insert(from.to_string(), targets);
    }

    /// The pages whose links name an id of `url`.
    pub(super) fn linking_into(&self, url: &str) -> impl Iterator<Item = &String> {
        self.linked_from.get(url).into_iter().flatten()
    }
}

/// `f` of each of `list`: on every core when there are many (a template
/// edit renders every page), on this one when there are a few, which is
/// quicker than waking the others.
pub(super) fn each<T: Send>(list: &[usize], f: impl Fn(usize) -> T + Sync + Send) -> Vec<T> {
    use rayon::prelude::*;
    match list.len() {
        0..=16 => list.iter().map(|&i| f(i)).collect(),
        _ => list.par_iter().map(|&i| f(i)).collect(),
    }
}

/// The work a check stage must do again, `work` of each item to redo: the
/// items at `redo` when the roster knows which changed; otherwise every
/// item whose key `cache` lacks, after dropping from `cache` the keys no
/// item has any more.
pub(super) fn stale<T, K, V, R>(
    items: &[T],
    redo: Option<&[usize]>,
    cache: &mut HashMap<K, V>,
    key: impl Fn(&T) -> &K + Sync + Send,
    work: impl Fn(&T) -> R + Sync + Send,
) -> Vec<R>
where
    T: Sync,
    K: Eq + std::hash::Hash + Sync,
    V: Sync,
    R: Send,
{
    use rayon::prelude::*;
    if let Some(list) = redo {
        return each(list, |i| work(&items[i]));
    }
    let live: HashSet<&K> = items.iter().map(&key).collect();
    cache.retain(|k, _| live.contains(k));
    let cache = &*cache;
    (items.par_iter())
        .filter(|x| !cache.contains_key(key(x)))
        .map(work)
        .collect()
}

/// The positions of the `items` in `wanted`, compared one by one while
/// there are few (cheaper than hashing every item).
fn picked<'a, T>(items: impl Iterator<Item = &'a T>, wanted: &HashSet<T>) -> Vec<usize>
where
    T: Eq + std::hash::Hash + 'a,
{
    if wanted.is_empty() {
        return Vec::new();
    }
    let few: Vec<&T> = wanted.iter().collect();
    items
        .enumerate()
        .filter(|(_, x)| match few.len() {
            0..=8 => few.contains(x),
            _ => wanted.contains(*x),
        })
        .map(|(i, _)| i)
        .collect()
}
