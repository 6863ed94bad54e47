//! Reading-order repair: separate a piece the OCR interleaved with an
//! article (an untitled commentary, a box) into its own unit.
//!
//! Plain-text OCR of a multi-column page sometimes alternates paragraphs of
//! two pieces. Type size and position are gone; what remains is vocabulary:
//! paragraphs of one piece share words with each other and few with the
//! other piece (lexical cohesion, as in TextTiling). Paragraphs are compared
//! by the cosine of their character bigrams (Han) and words (Latin script);
//! see [`foreign_stream`] for the decision. The first paragraph (the lead,
//! with the dateline) always stays with the article.

use super::rules::ForeignStreamRules;
use super::{Article, ParaRef};
use crate::text::chars::is_han;
use rustc_hash::FxHashMap;

/// The terms of one paragraph: article-wide term ids with their counts.
type Vector = Vec<(u32, f32)>;

/// Calls `term` with every term of `text` as a u64 key: a Han bigram packs
/// its two code points (< 2^53); a Latin word of 4+ letters is an FNV hash
/// with the top bit set.
fn for_each_term(text: &str, mut term: impl FnMut(u64)) {
    const FNV_OFFSET: u64 = 0xcbf29ce484222325;
    const LATIN: u64 = 1 << 63;
    let mut prev_han: Option<char> = None;
    let (mut word, mut word_len) = (FNV_OFFSET, 0usize);
    for c in text.chars() {
        let letter = !is_han(c) && c.is_alphanumeric();
        if !letter {
            if word_len >= 4 {
                term(word | LATIN);
            }
            word = FNV_OFFSET;
            word_len = 0;
        }
        if is_han(c) {
            if let Some(p) = prev_han {
                term(((p as u64) << 32) | c as u64);
            }
            prev_han = Some(c);
            continue;
        }
        prev_han = None;
        if letter {
            for lc in c.to_lowercase() {
                word = (word ^ lc as u64).wrapping_mul(0x100000001b3);
            }
            word_len += 1;
        }
    }
    if word_len >= 4 {
        term(word | LATIN);
    }
}

/// The term vectors of the paragraphs, over ids numbered in order of first
/// appearance, and the number of distinct terms. One hash lookup per term
/// replaces sorting every paragraph's terms: this was a tenth of a check.
fn vectorise(texts: &[&str]) -> (Vec<Vector>, usize) {
    let total: usize = texts.iter().map(|t| t.len()).sum();
    let mut ids: FxHashMap<u64, u32> = FxHashMap::default();
    ids.reserve(total / 3);
    // Per term id: the paragraph (plus one) that last counted it, and where
    // in that paragraph's vector its count is.
    let mut seen_in: Vec<u32> = Vec::new();
    let mut slot: Vec<u32> = Vec::new();
    let mut vecs = Vec::with_capacity(texts.len());
    for (p, text) in texts.iter().enumerate() {
        let stamp = p as u32 + 1;
        let mut v: Vector = Vec::new();
        for_each_term(text, |key| {
            let next = seen_in.len() as u32;
            let id = *ids.entry(key).or_insert(next);
            if id == next {
                seen_in.push(0);
                slot.push(0);
            }
            let i = id as usize;
            if seen_in[i] == stamp {
                v[slot[i] as usize].1 += 1.0;
            } else {
                seen_in[i] = stamp;
                slot[i] = v.len() as u32;
                v.push((id, 1.0));
            }
        });
        vecs.push(v);
    }
    (vecs, seen_in.len())
}

fn norm(v: &Vector) -> f32 {
    v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt()
}

/// The pairwise cosines of the vectors, through an inverted index: only
/// paragraphs that share a term are multiplied. Counts are small integers,
/// so every dot product is an exact integer in f32 whatever the order of
/// its terms; the order is fixed all the same (terms by first appearance,
/// paragraphs ascending).
fn similarities(vecs: &[Vector], terms: usize, norms: &[f32]) -> Vec<Vec<f32>> {
    let n = vecs.len();
    // Postings grouped by term by a counting sort; paragraphs ascend in each.
    let mut start = vec![0u32; terms + 1];
    for v in vecs {
        for &(id, _) in v {
            start[id as usize + 1] += 1;
        }
    }
    for t in 0..terms {
        start[t + 1] += start[t];
    }
    let mut fill = start.clone();
    let mut postings = vec![(0u32, 0.0f32); start[terms] as usize];
    for (p, v) in vecs.iter().enumerate() {
        for &(id, w) in v {
            let at = &mut fill[id as usize];
            postings[*at as usize] = (p as u32, w);
            *at += 1;
        }
    }
    let mut dot = vec![0.0f32; n * n];
    for t in 0..terms {
        let group = &postings[start[t] as usize..start[t + 1] as usize];
        for (x, &(a, wa)) in group.iter().enumerate() {
            for &(b, wb) in &group[x + 1..] {
                dot[a as usize * n + b as usize] += wa * wb;
            }
        }
    }
    let mut sim = vec![vec![0.0f32; n]; n];
    for a in 0..n {
        for b in a + 1..n {
            let s = if norms[a] == 0.0 || norms[b] == 0.0 {
                0.0
            } else {
                dot[a * n + b] / (norms[a] * norms[b])
            };
            sim[a][b] = s;
            sim[b][a] = s;
        }
    }
    sim
}

/// Finds the body paragraphs (indices into `texts`) that form a foreign
/// stream, if any.
///
/// With `S` the pairwise cosine of the paragraphs' vectors, each paragraph
/// is linked to its nearest neighbour; the connected components of that
/// graph are the candidate streams, the lead paragraph's component is the
/// article itself. Another component becomes a separate unit only if it has
/// at least `min_paragraphs` paragraphs of `min_chars` characters, is less
/// than half the article, its paragraphs are at least twice as alike among
/// themselves as with the article, and their similarity to the article is
/// below `max_host_similarity` times the article's own median affinity.
pub fn foreign_stream(texts: &[&str], rules: &ForeignStreamRules) -> Vec<usize> {
    let n = texts.len();
    // The comparison is quadratic; a unit of hundreds of paragraphs is not a
    // newspaper article (a page read as one block, a table) and is left whole.
    if !rules.enabled || n < rules.min_paragraphs + 2 || n > MAX_PARAGRAPHS {
        return Vec::new();
    }
    let (vecs, terms) = vectorise(texts);
    let norms: Vec<f32> = vecs.iter().map(norm).collect();
    let sim = similarities(&vecs, terms, &norms);
    let mean_over = |p: usize, set: &[usize]| {
        let vals: Vec<f32> = set
            .iter()
            .filter(|&&q| q != p)
            .map(|&q| sim[p][q])
            .collect();
        if vals.is_empty() {
            0.0
        } else {
            vals.iter().sum::<f32>() / vals.len() as f32
        }
    };
    // Union-find over nearest-neighbour links.
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], x: usize) -> usize {
        let mut r = x;
        while parent[r] != r {
            r = parent[r];
        }
        parent[x] = r;
        r
    }
    for (p, row) in sim.iter().enumerate() {
        let nearest = (0..n)
            .filter(|&q| q != p)
            .max_by(|&a, &b| row[a].total_cmp(&row[b]).then(b.cmp(&a)));
        if let Some(q) = nearest.filter(|&q| row[q] > 0.0) {
            let (a, b) = (find(&mut parent, p), find(&mut parent, q));
            parent[a.max(b)] = a.min(b);
        }
    }
    let lead = find(&mut parent, 0);
    let mut components: Vec<Vec<usize>> = Vec::new();
    for p in 0..n {
        let root = find(&mut parent, p);
        if root == lead {
            continue;
        }
        match components
            .iter_mut()
            .find(|c| find(&mut parent, c[0]) == root)
        {
            Some(c) => c.push(p),
            None => components.push(vec![p]),
        }
    }
    let mut foreign: Vec<usize> = Vec::new();
    for comp in components {
        // Cheapest test first: most components are a paragraph or two, and
        // the host's median affinity is quadratic in the article's length.
        let substantial = comp
            .iter()
            .filter(|&&k| texts[k].chars().count() >= rules.min_chars)
            .count();
        if substantial < rules.min_paragraphs || comp.len() * 2 >= n {
            continue;
        }
        let host: Vec<usize> = (0..n).filter(|k| !comp.contains(k)).collect();
        let inner = comp.iter().map(|&p| mean_over(p, &comp)).sum::<f32>() / comp.len() as f32;
        let cross = comp.iter().map(|&p| mean_over(p, &host)).sum::<f32>() / comp.len() as f32;
        if inner < 2.0 * cross {
            continue;
        }
        let mut host_aff: Vec<f32> = host.iter().map(|&p| mean_over(p, &host)).collect();
        host_aff.sort_by(|a, b| a.total_cmp(b));
        let host_median = host_aff.get(host_aff.len() / 2).copied().unwrap_or(0.0);
        if cross < *rules.max_host_similarity * host_median {
            foreign.extend(comp);
        }
    }
    foreign.sort_unstable();
    foreign
}

/// Articles longer than this are not searched for foreign streams.
pub const MAX_PARAGRAPHS: usize = 300;

/// Moves foreign streams out of their host articles into untitled units
/// placed right after the host.
pub fn separate<'a>(
    articles: Vec<Article>,
    text_of: impl Fn(ParaRef) -> &'a str,
    rules: &ForeignStreamRules,
) -> Vec<Article> {
    let mut out = Vec::with_capacity(articles.len());
    for mut a in articles {
        let texts: Vec<&str> = a.body.iter().map(|&r| text_of(r)).collect();
        let foreign = foreign_stream(&texts, rules);
        if foreign.is_empty() {
            out.push(a);
            continue;
        }
        let moved: Vec<ParaRef> = foreign.iter().map(|&k| a.body[k]).collect();
        a.body.retain(|r| !moved.contains(r));
        a.parts.retain(|r| !moved.contains(r));
        let mut unit = Article::new();
        unit.note = Some(
            "no headline; paragraphs interleaved with the article before, separated by vocabulary"
                .to_string(),
        );
        unit.body = moved.clone();
        unit.parts = moved;
        out.push(a);
        out.push(unit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> ForeignStreamRules {
        ForeignStreamRules {
            enabled: true,
            min_paragraphs: 2,
            min_chars: 10,
            max_host_similarity: crate::parse::rules::Ratio(0.35),
        }
    }

    #[test]
    fn separates_a_commentary_from_a_report() {
        let texts = [
            "医保工作站开到银行网点，村民在医保工作站查询参保信息。",
            "医保工作站站长熟练地登录医疗保障信息平台完成查询。",
            "打通服务群众最后一公里，总有一些惠民政策因为末梢堵塞而前功尽弃。",
            "村里的医保工作站挂牌，参保群众可以查询医保信息和办理参保。",
            "为山九仞功亏一篑，打通为群众服务最后一公里，既要走近群众。",
            "医保金融服务体系为参保群众提供高效便捷的医保服务。",
        ];
        assert_eq!(foreign_stream(&texts, &rules()), vec![2, 4]);
    }

    #[test]
    fn one_coherent_article_stays_whole() {
        let texts = [
            "医保工作站开到银行网点，村民在医保工作站查询参保信息。",
            "医保工作站站长熟练地登录医疗保障信息平台完成查询。",
            "村里的医保工作站挂牌，参保群众可以查询医保信息和办理参保。",
            "医保金融服务体系为参保群众提供高效便捷的医保服务。",
        ];
        assert!(foreign_stream(&texts, &rules()).is_empty());
    }
}
