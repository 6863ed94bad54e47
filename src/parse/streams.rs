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

/// A sparse term vector sorted by term: sums run in a fixed order, so the
/// same text gives bit-identical similarities in every process (a HashMap's
/// iteration order is randomised per process).
type Vector = Vec<(u64, f32)>;

fn vectorise(text: &str) -> Vector {
    // Terms as u64 keys: a Han bigram packs its two code points (< 2^53);
    // a Latin word of 4+ letters is an FNV hash with the top bit set.
    // Sorting the keys and counting runs avoids hashing every bigram.
    const FNV_OFFSET: u64 = 0xcbf29ce484222325;
    let mut keys: Vec<u64> = Vec::with_capacity(text.len() / 3);
    let mut prev_han: Option<char> = None;
    let (mut word, mut word_len) = (FNV_OFFSET, 0usize);
    let flush = |keys: &mut Vec<u64>, word: &mut u64, word_len: &mut usize| {
        if *word_len >= 4 {
            keys.push(*word | 1 << 63);
        }
        *word = FNV_OFFSET;
        *word_len = 0;
    };
    for c in text.chars() {
        if is_han(c) {
            if let Some(p) = prev_han {
                keys.push(((p as u64) << 32) | c as u64);
            }
            prev_han = Some(c);
            flush(&mut keys, &mut word, &mut word_len);
        } else {
            prev_han = None;
            if c.is_alphanumeric() {
                for lc in c.to_lowercase() {
                    word = (word ^ lc as u64).wrapping_mul(0x100000001b3);
                }
                word_len += 1;
            } else {
                flush(&mut keys, &mut word, &mut word_len);
            }
        }
    }
    flush(&mut keys, &mut word, &mut word_len);
    keys.sort_unstable();
    let mut v: Vector = Vec::new();
    for k in keys {
        match v.last_mut() {
            Some((last, n)) if *last == k => *n += 1.0,
            _ => v.push((k, 1.0)),
        }
    }
    v
}

fn norm(v: &Vector) -> f32 {
    v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt()
}

/// The pairwise cosines of the vectors, through an inverted index: only
/// paragraphs that share a term are multiplied, where comparing every pair
/// term by term was an eighth of a check. Each pair's dot product still
/// adds its terms in ascending key order, as a pairwise merge would, so
/// the similarities are bit-identical to it.
fn similarities(vecs: &[Vector], norms: &[f32]) -> Vec<Vec<f32>> {
    let n = vecs.len();
    let mut postings: Vec<(u64, u32, f32)> = vecs
        .iter()
        .enumerate()
        .flat_map(|(p, v)| v.iter().map(move |&(k, w)| (k, p as u32, w)))
        .collect();
    // By term, then paragraph: the postings are built in paragraph order and
    // a stable sort by term keeps it, so in a group the paragraphs ascend.
    postings.sort_by_key(|p| p.0);
    let mut dot = vec![0.0f32; n * n];
    for group in postings.chunk_by(|a, b| a.0 == b.0) {
        for (x, &(_, a, wa)) in group.iter().enumerate() {
            for &(_, b, wb) in &group[x + 1..] {
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
    let vecs: Vec<Vector> = texts.iter().map(|t| vectorise(t)).collect();
    let norms: Vec<f32> = vecs.iter().map(norm).collect();
    let sim = similarities(&vecs, &norms);
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
        if cross < rules.max_host_similarity * host_median {
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
pub fn separate(
    articles: Vec<Article>,
    text_of: impl Fn(ParaRef) -> String,
    rules: &ForeignStreamRules,
) -> Vec<Article> {
    let mut out = Vec::with_capacity(articles.len());
    for mut a in articles {
        let texts: Vec<String> = a.body.iter().map(|&r| text_of(r)).collect();
        let refs: Vec<&str> = texts.iter().map(|s| s.as_str()).collect();
        let foreign = foreign_stream(&refs, rules);
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
            max_host_similarity: 0.35,
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
