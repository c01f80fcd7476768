package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digisim/digisim/internal/usage"
	"github.com/digisim/digisim/output/iamc"
)

// TestAgreementRobustness runs the shipped experiment end to end as a user
// would: sweep, analyze (robustness across futures), discover (PRIM and
// CART), export (IAMC). It checks what each step writes and says, not how
// long it takes.
func TestAgreementRobustness(t *testing.T) {
	if testing.Short() {
		t.Skip("600 runs")
	}
	out := filepath.Join(t.TempDir(), "ar")
	if s, err := runCLI(t, "sweep", "agreement-robustness", "--out", out, "--workers", "2"); err != nil {
		t.Fatalf("sweep: %v\n%s", err, s)
	}
	s, err := runCLI(t, "analyze", out)
	if err != nil {
		t.Fatalf("analyze: %v\n%s", err, s)
	}
	for _, want := range []string{"design: lhs, 150 futures x 4 policy options, 600 runs", "dividend across 150 futures (more is better)",
		"satisficing", "most robust: ", "(minimax regret: at most US$", "gini_2035 across 150 futures (less is better)"} {
		if !strings.Contains(s, want) {
			t.Errorf("analyze output lacks %q:\n%s", want, s)
		}
	}
	for _, f := range []string{"robustness.csv", "sensitivity.csv", "charts/robustness-dividend.png"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
	s, err = runCLI(t, "discover", out, "--where", "dividend < p10", "--policy", "agreement", "--subject", "the agreement pays least")
	if err != nil {
		t.Fatalf("discover: %v\n%s", err, s)
	}
	for _, want := range []string{"dividend < p10: 15 of 150 runs", "PRIM box 1: coverage", "the agreement pays least when ", "policy.spillover < "} {
		if !strings.Contains(s, want) {
			t.Errorf("discover output lacks %q:\n%s", want, s)
		}
	}
	if s, err = runCLI(t, "discover", out, "--outcome", "dividend", "--where", "< p10", "--method", "cart", "--policy", "binding"); err != nil || !strings.Contains(s, "CART box 1") {
		t.Errorf("discover --method cart: %v\n%s", err, s)
	}
	// The cumulative dividend (current dollars of many years) is left out,
	// with the reason; 600 runs x 2 outcomes remain.
	if s, err = runCLI(t, "export", out); err != nil || !strings.Contains(s, "1200 series written to") || !strings.Contains(s, "left out: outcome dividend") {
		t.Fatalf("export: %v\n%s", err, s)
	}
	tb, err := iamc.ReadFile(filepath.Join(out, "results-iamc.csv"))
	if err != nil || len(tb.Rows) != 1200 || tb.Rows[0].Scenario != "agreement-robustness/asean-2018/run 0" {
		t.Errorf("results-iamc.csv: %v, first row %+v", err, tb.Rows[0])
	}
	// Bad calls: clear messages; usage mistakes are usage errors.
	for _, c := range []struct {
		args  []string
		usage bool
		want  string
	}{
		{[]string{"discover", out, "--where", "dividend < 0"}, false, "no run has dividend < 0"},
		{[]string{"discover", out, "--where", "divdend < 0"}, false, `no outcome "divdend"; did you mean "dividend"?`},
		{[]string{"discover", out}, true, "give the runs of interest with --where"},
		{[]string{"discover", t.TempDir(), "--where", "x < 0"}, false, "holds no runs"},
		{[]string{"analyze", out, "--criterion", "best"}, true, "--criterion"},
		{[]string{"analyze", out, "--threshold", "dividend"}, true, "want OUTCOME=NUMBER"},
		{[]string{"export", out, "--format", "xlsx"}, true, "the formats are: iamc"},
	} {
		_, err := runCLI(t, c.args...)
		var ue *usage.Error
		if err == nil || !strings.Contains(err.Error(), c.want) || errors.As(err, &ue) != c.usage {
			t.Errorf("%q: got %v (usage %v), want %q (usage %v)", c.args, err, errors.As(err, &ue), c.want, c.usage)
		}
	}
}
