package chart

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var (
	update  = flag.Bool("update", false, "rewrite the golden SVG files under testdata")
	preview = flag.String("preview", "", "also write every chart as PNG at every size into this directory, to look at")
)

// TestGolden renders every chart type from its fixture as SVG at page size
// and compares the bytes with testdata/<name>.svg; -update rewrites them.
// Rendering twice must give the same bytes.
func TestGolden(t *testing.T) {
	for _, fx := range fixtures() {
		t.Run(fx.name, func(t *testing.T) {
			c, err := fx.build()
			if err != nil {
				t.Fatalf("build: %v", err)
			}
			var a, b bytes.Buffer
			if err := c.Render(&a, SVG, Page); err != nil {
				t.Fatalf("render: %v", err)
			}
			if err := c.Render(&b, SVG, Page); err != nil {
				t.Fatalf("render again: %v", err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Fatal("two renderings of one chart differ")
			}
			golden := filepath.Join("testdata", fx.name+".svg")
			if *update {
				if err := os.WriteFile(golden, a.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./output/chart -update to create it)", err)
			}
			// A differing rendering stays beside the golden file (as
			// testdata/<name>.got.svg, ignored by git) for a person to
			// compare; a matching one removes a stale copy.
			got := filepath.Join("testdata", fx.name+".got.svg")
			if !bytes.Equal(a.Bytes(), want) {
				if err := os.WriteFile(got, a.Bytes(), 0o644); err != nil {
					t.Errorf("writing %s: %v", got, err)
				}
				t.Errorf("SVG differs from %s (got written to %s; run with -update if the change is intended)", golden, got)
			} else if err := os.Remove(got); err != nil && !os.IsNotExist(err) {
				t.Errorf("removing stale %s: %v", got, err)
			}
			if *preview != "" {
				for _, s := range []Size{Slide, Page, Square} {
					p := filepath.Join(*preview, fx.name+"_"+s.String()+".png")
					if err := c.Save(p, PNG, s); err != nil {
						t.Errorf("preview: %v", err)
					}
				}
			}
		})
	}
}
