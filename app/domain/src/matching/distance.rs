//! Edit distance between names: Damerau–Levenshtein (Lowrance and Wagner's unrestricted form),
//! counting an insertion, a deletion, a substitution or a swap of two letters as one edit, so
//! "Tohmas" is one edit from "Thomas" and "Olicer" one from "Oliver".

/// The Damerau–Levenshtein distance between `a` and `b`, by characters.
pub fn damerau_levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    damerau_levenshtein_chars(&a, &b)
}

/// As [`damerau_levenshtein`], on character slices.
pub fn damerau_levenshtein_chars(a: &[char], b: &[char]) -> usize {
    let (n, m) = (a.len(), b.len());
    if n == 0 {
        return m;
    }
    if m == 0 {
        return n;
    }
    let max = n + m;
    let width = m + 2;
    // d[(i + 1) * width + (j + 1)] is the distance between a[..i] and b[..j]; row and column 0
    // hold `max`, the sentinel the transposition step needs.
    let mut d = vec![0usize; (n + 2) * width];
    d[0] = max;
    for i in 0..=n {
        d[(i + 1) * width] = max;
        d[(i + 1) * width + 1] = i;
    }
    for j in 0..=m {
        d[j + 1] = max;
        d[width + j + 1] = j;
    }
    // The last row in which each character of `a` was seen (alphabet kept as a small list).
    let mut last_row: Vec<(char, usize)> = Vec::new();
    for i in 1..=n {
        let mut last_match_col = 0;
        for j in 1..=m {
            let i1 = last_row.iter().find(|(c, _)| *c == b[j - 1]).map_or(0, |(_, r)| *r);
            let j1 = last_match_col;
            let cost = if a[i - 1] == b[j - 1] {
                last_match_col = j;
                0
            } else {
                1
            };
            let substitution = d[i * width + j] + cost;
            let insertion = d[(i + 1) * width + j] + 1;
            let deletion = d[i * width + j + 1] + 1;
            let transposition = d[i1 * width + j1] + (i - i1 - 1) + 1 + (j - j1 - 1);
            d[(i + 1) * width + j + 1] =
                substitution.min(insertion).min(deletion).min(transposition);
        }
        match last_row.iter_mut().find(|(c, _)| *c == a[i - 1]) {
            Some(entry) => entry.1 = i,
            None => last_row.push((a[i - 1], i)),
        }
    }
    d[(n + 1) * width + m + 1]
}

/// True when `b` is `a` with two neighbouring letters swapped ("Tohmas", "Thomas").
pub fn is_adjacent_swap(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len() != b.len() {
        return false;
    }
    let diffs: Vec<usize> = (0..a.len()).filter(|i| a[*i] != b[*i]).collect();
    matches!(diffs.as_slice(), [i, j] if *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i])
}
