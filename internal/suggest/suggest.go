// Package suggest finds the known words closest to a mistyped one, for the
// "did you mean" of error messages. Every package that names a fix in an
// error uses it, so that all suggest alike.
package suggest

import (
	"fmt"
	"sort"
	"strings"
)

// Ranked returns up to n candidates ordered by edit distance to word,
// ignoring case (ties keep the candidates' order).
func Ranked(word string, candidates []string, n int) []string {
	type cd struct {
		c string
		d int
	}
	all := make([]cd, len(candidates))
	lw := strings.ToLower(word)
	for i, c := range candidates {
		all[i] = cd{c, Distance(lw, strings.ToLower(c))}
	}
	sort.SliceStable(all, func(a, b int) bool { return all[a].d < all[b].d })
	out := make([]string, 0, min(n, len(all)))
	for i := 0; i < len(all) && i < n; i++ {
		out = append(out, all[i].c)
	}
	return out
}

// DidYouMean returns `; did you mean "x"?` for the nearest candidate when
// it is close enough to be a likely typo (at most 2 edits, or a third of
// the word's length for long words), else "".
func DidYouMean(word string, candidates []string) string {
	if best := Ranked(word, candidates, 1); len(best) == 1 {
		if d := Distance(strings.ToLower(word), strings.ToLower(best[0])); d <= max(2, len(word)/3) {
			return fmt.Sprintf("; did you mean %q?", best[0])
		}
	}
	return ""
}

// Distance is the Levenshtein edit distance between a and b, in bytes.
func Distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
