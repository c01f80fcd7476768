package sim

import (
	"reflect"
	"slices"
	"testing"
)

// tablesFixture is a region whose member, segment and pillar counts
// differ (N=2, S=3, K=5), with one event and a shock path, so that a
// slice's length tells which of them it runs over.
func tablesFixture() *Params {
	const N, S, K = 2, 3, 5
	p := &Params{Time: Time{Start: 2018, End: 2020, Step: 0.25, OutputStep: 1}}
	for k := range K {
		p.Pillars = append(p.Pillars, string(rune('a'+k)))
		p.Policy.Coordination = append(p.Policy.Coordination, []Point{{Year: 2018, Level: 0.2}, {Year: 2020, Level: 0.6}})
	}
	for s := range S {
		p.Segments = append(p.Segments, Segment{
			ID: string(rune('A' + s)), Innovation: 0.01, Imitation: 0.3, Ceiling: 0.8,
			ReadinessPotential: 0.5, Weights: []float64{1, 1, 2, 1, 1}, Tradability: 0.2,
			Variety: 0.1, Network: 0.1, IncomeElasticity: 1, ReadinessElasticity: 0.3,
		})
	}
	for i := range N {
		p.Members = append(p.Members, Member{
			ID: string(rune('P' + i)), Population: 1e6, OnlineShare: 0.5, OnlineShareMax: 0.9,
			OnlineSpeed: 0.2, IncomePerHeadUSD: 3000, IncomeGrowth: 0.03,
			Capacity: []float64{0.5, 0.5, 0.6, 0.5, 0.5}, Investment: []float64{0.02, 0.02, 0.02, 0.02, 0.02},
			Latitude: float64(i), Longitude: 100 + 5*float64(i),
			Users: []float64{1e4, 1e4, 1e4}, GMVUSD: []float64{1e6, 1e6, 1e6},
		})
	}
	p.Policy.BusinessEngagement, p.Policy.LagYears, p.Policy.Spillover = 0.8, 2, 0.2
	p.Policy.GravitySize, p.Policy.GravityDistance = 1, 1
	p.Policy.CatchUp = []float64{1, 1, 1, 1, 1}
	p.Events = []Event{{Name: "e", Start: 2019, End: 2020, Members: []int{0}, Segments: []int{1}, Potential: 1.1, Spend: 1}}
	p.Shocks = &Shocks{Z: [][]float64{{0.01, 0.02, 0.03, 0.04}, {0, 0, 0, 0}}}
	return p
}

// slicesOfLen walks v and returns the path of every slice of length n
// ("Members[].Capacity": the field of every element of Members).
func slicesOfLen(v reflect.Value, path string, n int) []string {
	var out []string
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			out = slicesOfLen(v.Elem(), path, n)
		}
	case reflect.Struct:
		for f := range v.NumField() {
			name := v.Type().Field(f).Name
			if path != "" {
				name = path + "." + name
			}
			out = append(out, slicesOfLen(v.Field(f), name, n)...)
		}
	case reflect.Slice:
		if v.Len() == n {
			out = append(out, path)
		}
		if v.Len() > 0 && v.Index(0).Kind() == reflect.Struct {
			out = append(out, slicesOfLen(v.Index(0), path+"[]", n)...)
		}
	}
	return out
}

// TestPillarInputsTable: every per-pillar slice of Params is in
// pillarInputs (found by its length in a fixture where only pillars number
// 5), and every input the table says must agree does split a class when
// one pillar's value of it changes.
func TestPillarInputsTable(t *testing.T) {
	p := tablesFixture()
	found := slicesOfLen(reflect.ValueOf(p), "", len(p.Pillars))
	var listed []string
	for _, in := range pillarInputs {
		listed = append(listed, in.path)
	}
	slices.Sort(found)
	slices.Sort(listed)
	if !slices.Equal(found, listed) {
		t.Fatalf("per-pillar inputs of Params: %q; pillarInputs lists %q: add the new input to pillarInputs, saying whether pillars must agree in it", found, listed)
	}

	classes := func(p *Params) int {
		t.Helper()
		m, err := newModel(p, true)
		if err != nil {
			t.Fatal(err)
		}
		return m.C
	}
	// Pillar c (capacity 0.6) is its own class; a, b, d, e are one.
	if got := classes(p); got != 2 {
		t.Fatalf("fixture has %d pillar classes, want 2", got)
	}
	change := map[string]func(p *Params){
		"Members[].Capacity":   func(p *Params) { p.Members[1].Capacity[4] = 0.55 },
		"Members[].Investment": func(p *Params) { p.Members[1].Investment[4] = 0.03 },
		"Policy.Coordination":  func(p *Params) { p.Policy.Coordination[4] = []Point{{Year: 2018, Level: 0.3}} },
		"Segments[].Weights":   func(p *Params) { p.Segments[2].Weights[4] = 7 },
		"Pillars":              func(p *Params) { p.Pillars[4] = "z" },
		"Policy.CatchUp":       func(p *Params) { p.Policy.CatchUp[4] = 1.5 },
	}
	for _, in := range pillarInputs {
		f, ok := change[in.path]
		if !ok {
			t.Errorf("%s: no change to try in this test; add one", in.path)
			continue
		}
		q := p.Clone()
		f(q)
		want := 2
		if in.equal != nil {
			want = 3 // pillar e leaves a, b, d
		}
		if got := classes(q); got != want {
			t.Errorf("%s (%s) changed for one pillar: %d classes, want %d", in.path, in.role, got, want)
		}
	}
}

// TestOutputsTable: every []float64 of a Snapshot (Region's included) is
// in outputs once, under its own name, and a run's snapshots have the
// length the table gives and use exactly the memory newSlab sizes.
func TestOutputsTable(t *testing.T) {
	var sn Snapshot
	found := slicesOfLen(reflect.ValueOf(&sn), "", 0) // nil slices have length 0
	var listed []string
	for _, o := range outputs {
		listed = append(listed, o.name)
		// The accessor reaches the field named.
		*o.field(&sn) = []float64{1}
		if got := slicesOfLen(reflect.ValueOf(&sn), "", 1); len(got) != 1 || got[0] != o.name {
			t.Errorf("outputs entry %s sets %q", o.name, got)
		}
		*o.field(&sn) = nil
	}
	slices.Sort(found)
	slices.Sort(listed)
	if !slices.Equal(found, listed) {
		t.Fatalf("Snapshot slices: %q; outputs lists %q: add the new output to outputs with its shape", found, listed)
	}

	p := tablesFixture()
	var w Workspace
	r, err := w.Run(p)
	if err != nil {
		t.Fatal(err)
	}
	N, S, K := 2, 3, 5
	used := 0
	for _, st := range r.Steps {
		for _, o := range outputs {
			v := *o.field(&st)
			if want := o.shape.len(N, S, K); len(v) != want {
				t.Errorf("t=%v %s: %d values, want %d", st.Time, o.name, len(v), want)
			}
			used += len(v)
		}
	}
	if used != len(w.buf) {
		t.Errorf("snapshots use %d values, the slab holds %d", used, len(w.buf))
	}
}
