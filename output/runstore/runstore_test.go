package runstore

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var layout = Layout{
	Params:   []string{"policy.spillover"},
	Outcomes: []string{"gmv_2030"},
	Series:   []string{"gmv"},
	Times:    []float64{2018, 2019},
}

func row(r int) *Row {
	f := float64(r)
	return &Row{Run: r, Point: r / 2, Replicate: r % 2, Params: []float64{0.1 * f},
		Outcomes: []float64{1e9 + f}, Series: [][]float64{{f, f * 1.5}}}
}

// sweep writes runs [from, to) to path through a Writer and commits it.
func sweep(t *testing.T, path, final string, from, to int) {
	t.Helper()
	w, err := Create(path, layout, from)
	if err != nil {
		t.Fatal(err)
	}
	for r := from; r < to; r++ {
		if err := w.Write(row(r)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Commit(final); err != nil {
		t.Fatal(err)
	}
}

func TestRowsAndHeader(t *testing.T) {
	dir := t.TempDir()
	sweep(t, filepath.Join(dir, "p.csv"), filepath.Join(dir, "runs.csv"), 0, 3)
	got, _ := os.ReadFile(filepath.Join(dir, "runs.csv"))
	want := "run,design_point,replicate,policy.spillover,gmv_2030,gmv@2018,gmv@2019\n" +
		"0,0,0,0,1e+09,0,0\n1,0,1,0.1,1.000000001e+09,1,1.5\n2,1,0,0.2,1.000000002e+09,2,3\n"
	if string(got) != want {
		t.Errorf("runs.csv:\n%s\nwant:\n%s", got, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "p.csv")); !os.IsNotExist(err) {
		t.Error("the partial file is still there after Commit")
	}
}

// TestResumeDropsACutLine: a crash mid-row leaves a partial last line;
// Resume keeps the complete rows and continues after them, and the result
// equals an uninterrupted sweep.
func TestResumeDropsACutLine(t *testing.T) {
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole.csv")
	sweep(t, filepath.Join(dir, "w.partial"), whole, 0, 6)

	part := filepath.Join(dir, "r.partial")
	w, _ := Create(part, layout, 0)
	for r := range 3 {
		w.Write(row(r))
	}
	w.Close()
	f, _ := os.OpenFile(part, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("3,1,1,0.3") // cut short
	f.Close()

	w, n, err := Resume(part, layout, 0)
	if err != nil || n != 3 || w.Next() != 3 {
		t.Fatalf("Resume = %d rows, next %v, %v", n, w, err)
	}
	for r := 3; r < 6; r++ {
		if err := w.Write(row(r)); err != nil {
			t.Fatal(err)
		}
	}
	resumed := filepath.Join(dir, "resumed.csv")
	if err := w.Commit(resumed); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(whole)
	b, _ := os.ReadFile(resumed)
	if !bytes.Equal(a, b) {
		t.Errorf("resumed table differs from the uninterrupted one")
	}
	if err := w.Write(row(9)); err == nil {
		t.Error("out-of-order row accepted")
	}
}

func TestResumeRefusesOtherColumns(t *testing.T) {
	dir := t.TempDir()
	part := filepath.Join(dir, "r.partial")
	w, _ := Create(part, layout, 0)
	w.Close()
	other := layout
	other.Outcomes = []string{"gini_2035"}
	if _, _, err := Resume(part, other, 0); err == nil || !strings.Contains(err.Error(), "other columns") {
		t.Errorf("err = %v", err)
	}
}

// writeParts shards `total` runs n ways into dir/parts.
func writeParts(t *testing.T, dir string, n, total int, hash string) {
	t.Helper()
	for k := range n {
		from, to := Shard(k, n, total)
		p := PartPath(dir, k, n)
		sweep(t, p+".partial", p, from, to)
		if err := WritePartInfo(p, PartInfo{Experiment: "x", Hash: hash, Shard: k, Shards: n, From: from, To: to}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestMergeEqualsOneSweep: for several shard counts the merged table is
// byte-identical to an unsharded one.
func TestMergeEqualsOneSweep(t *testing.T) {
	const total = 11
	ref := t.TempDir()
	sweep(t, filepath.Join(ref, "p"), filepath.Join(ref, "runs.csv"), 0, total)
	want, _ := os.ReadFile(filepath.Join(ref, "runs.csv"))
	for _, n := range []int{1, 2, 3, 7, 20} { // 20: more shards than runs, some empty
		dir := t.TempDir()
		writeParts(t, dir, n, total, "abc")
		if _, err := Merge(dir, layout, "x.toml", "abc", total); err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		got, _ := os.ReadFile(filepath.Join(dir, "runs.csv"))
		if !bytes.Equal(got, want) {
			t.Errorf("n=%d: merged table differs", n)
		}
	}
}

func TestMergeRefusesBadParts(t *testing.T) {
	const total = 10
	cases := []struct {
		name  string
		spoil func(dir string)
		want  string
	}{
		{"missing", func(dir string) {
			os.Remove(PartPath(dir, 2, 4))
			os.Remove(infoPath(PartPath(dir, 2, 4)))
		}, "missing shards 2 of 4"},
		{"duplicated", func(dir string) {
			b, _ := os.ReadFile(infoPath(PartPath(dir, 1, 4)))
			os.WriteFile(filepath.Join(dir, PartsDir, "part-0001-of-0004-copy.json"), b, 0o644)
			c, _ := os.ReadFile(PartPath(dir, 1, 4))
			os.WriteFile(filepath.Join(dir, PartsDir, "part-0001-of-0004-copy.csv"), c, 0o644)
		}, "appears twice"},
		{"other experiment", func(dir string) {
			WritePartInfo(PartPath(dir, 3, 4), PartInfo{Hash: "zzz", Shard: 3, Shards: 4, From: 7, To: 10})
		}, "belongs to another experiment"},
		{"truncated", func(dir string) {
			p := PartPath(dir, 0, 4)
			b, _ := os.ReadFile(p)
			os.WriteFile(p, b[:len(b)-3], 0o644)
		}, "truncated"},
		{"interrupted", func(dir string) {
			os.Remove(PartPath(dir, 2, 4))
			os.Remove(infoPath(PartPath(dir, 2, 4)))
			os.WriteFile(PartPath(dir, 2, 4)+".state.json", []byte(`{"experiment_sha256":"abc","from":5,"to":7}`), 0o644)
		}, "shard 2 of 4 was interrupted"},
		{"interrupted shard 0", func(dir string) {
			os.Remove(PartPath(dir, 0, 4))
			os.Remove(infoPath(PartPath(dir, 0, 4)))
			os.WriteFile(PartPath(dir, 0, 4)+".state.json", []byte(`{"experiment_sha256":"abc","from":0,"to":2}`), 0o644)
			os.WriteFile(PartPath(dir, 0, 4)+".partial", nil, 0o644)
		}, "--shard 0/4 --out"},
		{"zero shards", func(dir string) {
			os.WriteFile(infoPath(PartPath(dir, 1, 4)), []byte(`{"experiment_sha256":"abc","shard":0,"shards":0}`), 0o644)
		}, "not a valid part description"},
		{"bad value", func(dir string) {
			p := PartPath(dir, 1, 4)
			b, _ := os.ReadFile(p)
			i := bytes.IndexByte(b, '\n') + 1
			j := i + bytes.LastIndexByte(b[i:bytes.IndexByte(b[i:], '\n')+i], ',') + 1
			os.WriteFile(p, append(append(append([]byte(nil), b[:j]...), 'x'), b[j+1:]...), 0o644)
		}, "is not a number"},
		{"rows missing", func(dir string) {
			p := PartPath(dir, 0, 4)
			b, _ := os.ReadFile(p)
			i := bytes.LastIndexByte(b[:len(b)-1], '\n')
			os.WriteFile(p, b[:i+1], 0o644)
		}, "holds runs 0 to 0, want 0 to 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writeParts(t, dir, 4, total, "abc")
			good := []byte("a good result\n")
			os.WriteFile(filepath.Join(dir, "runs.csv"), good, 0o644)
			c.spoil(dir)
			_, err := Merge(dir, layout, "x.toml", "abc", total)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want it to contain %q", err, c.want)
			}
			if b, _ := os.ReadFile(filepath.Join(dir, "runs.csv")); !bytes.Equal(b, good) {
				t.Error("a failed merge overwrote runs.csv")
			}
		})
	}
}

// TestBands: the band of 0, 1, ..., 10 at 2018 has median 5, mean 5.
func TestBands(t *testing.T) {
	dir := t.TempDir()
	runs := filepath.Join(dir, "runs.csv")
	sweep(t, filepath.Join(dir, "p"), runs, 0, 11)
	bands := filepath.Join(dir, "bands.csv")
	if err := WriteBands(runs, bands, layout); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(bands)
	// Series at 2019 is 1.5*r: type-7 p5 of 0..15 in steps of 1.5 is 0.75.
	want := BandsHeader + "gmv,2018,11,5,0.5,2.5,5,7.5,9.5\ngmv,2019,11,7.5,0.75,3.75,7.5,11.25,14.25\n"
	if string(got) != want {
		t.Errorf("bands.csv:\n%s\nwant:\n%s", got, want)
	}
}

// TestMergeIgnoresLeftovers: the state file of a shard that then finished
// (killed between its rename and the state's removal) is not a part.
func TestMergeIgnoresLeftovers(t *testing.T) {
	const total = 10
	dir := t.TempDir()
	writeParts(t, dir, 2, total, "abc")
	os.WriteFile(PartPath(dir, 0, 2)+".state.json", []byte(`{"experiment_sha256":"abc","from":0,"to":5}`), 0o644)
	if _, err := Merge(dir, layout, "x.toml", "abc", total); err != nil {
		t.Fatal(err)
	}
	checkRuns(t, filepath.Join(dir, "runs.csv"), 0, total)
	if err := CheckTable(filepath.Join(dir, "runs.csv"), layout, total); err != nil {
		t.Errorf("CheckTable of the merged table: %v", err)
	}
	if err := CheckTable(filepath.Join(dir, "runs.csv"), layout, total+1); err == nil {
		t.Error("CheckTable accepted a table with a run missing")
	}
}

// TestCleanPartTemps: a shard removes the temporary files of its own
// killed writes, never another shard's.
func TestCleanPartTemps(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, PartsDir), 0o755)
	mine := []string{".part-0001-of-0002.json.tmp-1", ".part-0001-of-0002.csv.state.json.tmp-2"}
	other := ".part-0000-of-0002.json.tmp-3"
	for _, n := range append(mine, other) {
		os.WriteFile(filepath.Join(dir, PartsDir, n), nil, 0o644)
	}
	CleanPartTemps(dir, 1, 2)
	for _, n := range mine {
		if _, err := os.Stat(filepath.Join(dir, PartsDir, n)); err == nil {
			t.Errorf("%s left", n)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, PartsDir, other)); err != nil {
		t.Errorf("another shard's %s removed: %v", other, err)
	}
}
