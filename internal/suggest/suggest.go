// Package suggest finds the known word closest to a mistyped one, for the
// "did you mean" of error messages.
package suggest

import "fmt"

// Nearest returns the candidate closest to word by edit distance, and
// whether it is close enough to suggest: at most 2 edits, or a third of
// the word's length for long words.
func Nearest(word string, candidates []string) (string, bool) {
	best, bestD := "", -1
	for _, c := range candidates {
		if d := Distance(word, c); bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	return best, bestD >= 0 && bestD <= max(2, len(word)/3)
}

// DidYouMean returns `; did you mean "x"?` for the nearest candidate, or ""
// when none is close.
func DidYouMean(word string, candidates []string) string {
	if best, ok := Nearest(word, candidates); ok {
		return fmt.Sprintf("; did you mean %q?", best)
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
