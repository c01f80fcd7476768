package discover

import (
	"fmt"
	"math"
	"slices"
)

// Tree is CART, a classification tree (L. Breiman, J. H. Friedman, R. A.
// Olshen and C. J. Stone, Classification and Regression Trees, Wadsworth,
// 1984), as a second scenario-discovery method (Lempert, Bryant and Bankes
// 2008, RAND TR-635): each leaf is a box, and the leaves where cases of
// interest are the majority describe where they occur.
//
// A node splits at the threshold t (a midpoint between two adjacent
// distinct values) of the coordinate j that most lowers the Gini impurity
// weighted by points, x[j] <= t going left; it stays a leaf when it is pure,
// is at MaxDepth, or no split leaves MinLeaf points on each side and lowers
// the impurity. Ties go to the lower dimension and then the lower
// threshold, so the tree depends only on the data.
type Tree struct {
	MinLeaf  int // fewest points in a leaf; 0 means 5% of the points (EMA Workbench's mass_min), at least 1
	MaxDepth int // deepest leaf (the root has depth 0); 0 means no limit
	// Ranges, if not nil, is the sampled space (the root's box); it must
	// hold every point. Nil means the data's range.
	Ranges *Box
}

// Leaf is one leaf of a tree: its box, the statistics of its points and
// whether cases of interest are its majority.
type Leaf struct {
	Box      Box
	Stats    Stats
	Majority bool // more than half its points are cases of interest
	Depth    int
}

// TreeResult is a fitted tree, as its leaves from left to right.
type TreeResult struct {
	Init   Box
	Leaves []Leaf
}

// Fit grows the tree on points x (one row per point) whose outcome is of
// interest where y is true.
func (t Tree) Fit(x [][]float64, y []bool) (*TreeResult, error) {
	if t.MinLeaf < 0 {
		return nil, fmt.Errorf("discover: cart: min leaf is %d, want >= 1 (or 0 for 5%% of the points)", t.MinLeaf)
	}
	if t.MaxDepth < 0 {
		return nil, fmt.Errorf("discover: cart: max depth is %d, want >= 1 (or 0 for no limit)", t.MaxDepth)
	}
	dt, err := newData("cart", x, y)
	if err != nil {
		return nil, err
	}
	init, err := dt.initBox("cart", t.Ranges)
	if err != nil {
		return nil, err
	}
	minLeaf := t.MinLeaf
	if minLeaf == 0 {
		minLeaf = max(1, int(math.Ceil(0.05*float64(len(x)))))
	}
	maxDepth := t.MaxDepth
	if maxDepth == 0 {
		maxDepth = math.MaxInt
	}
	res := &TreeResult{Init: init}
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	g := grower{dt: dt, init: init, minLeaf: minLeaf, maxDepth: maxDepth, res: res}
	g.grow(init.Clone(), idx, 0)
	return res, nil
}

type grower struct {
	dt       *data
	init     Box
	minLeaf  int
	maxDepth int
	res      *TreeResult
}

func gini(hits, n int) float64 {
	if n == 0 {
		return 0
	}
	p := float64(hits) / float64(n)
	return 2 * p * (1 - p)
}

func (g *grower) grow(box Box, idx []int, depth int) {
	n := len(idx)
	hits := 0
	for _, i := range idx {
		if g.dt.y[i] {
			hits++
		}
	}
	leaf := func() {
		st := g.dt.stats(box, g.init, idx)
		g.res.Leaves = append(g.res.Leaves, Leaf{Box: box, Stats: st, Majority: 2*hits > n, Depth: depth})
	}
	if hits == 0 || hits == n || depth >= g.maxDepth || n < 2*g.minLeaf {
		leaf()
		return
	}
	// Weighted impurity n·gini; a split must lower it by more than rounding.
	const eps = 1e-12
	bestImp := float64(float64(n)*gini(hits, n)) - eps
	bestDim, bestThr := -1, 0.0
	sorted := make([]int, n)
	for j := 0; j < g.dt.d; j++ {
		copy(sorted, idx)
		slices.SortStableFunc(sorted, func(a, b int) int {
			va, vb := g.dt.x[a][j], g.dt.x[b][j]
			switch {
			case va < vb:
				return -1
			case va > vb:
				return 1
			}
			return 0
		})
		left := 0
		for a := 0; a < n-1; a++ {
			if g.dt.y[sorted[a]] {
				left++
			}
			nl := a + 1
			va, vb := g.dt.x[sorted[a]][j], g.dt.x[sorted[a+1]][j]
			if va == vb || nl < g.minLeaf || n-nl < g.minLeaf {
				continue
			}
			imp := float64(float64(nl)*gini(left, nl)) + float64(float64(n-nl)*gini(hits-left, n-nl))
			if imp < bestImp {
				bestImp, bestDim, bestThr = imp, j, (va+vb)/2
			}
		}
	}
	if bestDim < 0 {
		leaf()
		return
	}
	var li, ri []int
	for _, i := range idx {
		if g.dt.x[i][bestDim] <= bestThr {
			li = append(li, i)
		} else {
			ri = append(ri, i)
		}
	}
	lb, rb := box.Clone(), box.Clone()
	lb.Hi[bestDim] = math.Min(lb.Hi[bestDim], bestThr)
	rb.Lo[bestDim] = math.Max(rb.Lo[bestDim], bestThr)
	g.grow(lb, li, depth+1)
	g.grow(rb, ri, depth+1)
}

// Boxes returns the leaves where cases of interest make up at least
// minDensity of the points (0.5 is the tree's own majority rule), highest
// coverage first.
func (r *TreeResult) Boxes(minDensity float64) []Leaf {
	var out []Leaf
	for _, l := range r.Leaves {
		if l.Stats.Density >= minDensity && l.Stats.Interest > 0 {
			out = append(out, l)
		}
	}
	slices.SortStableFunc(out, func(a, b Leaf) int {
		switch {
		case a.Stats.Coverage > b.Stats.Coverage:
			return -1
		case a.Stats.Coverage < b.Stats.Coverage:
			return 1
		}
		return 0
	})
	return out
}
