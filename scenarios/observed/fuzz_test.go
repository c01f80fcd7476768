package observed_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/digisim/digisim/scenarios/observed"
)

// FuzzRead: whatever the bytes of an observed-data CSV, Read
// returns an error whose every line is a readable size (a message, not an
// echo of the file) or observations with finite values,
// known variables and at least one member each. It never panics.
// scripts/fuzz.sh runs it in CI.
func FuzzRead(f *testing.F) {
	if b, err := os.ReadFile("history_2015_2018.csv"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("region_or_member,variable,segment,year,value,unit\nSEA6,gmv,total,2015,32e9,USD\n"))
	f.Add([]byte("# group G = ID MY\nregion_or_member,variable,segment,year,value,unit\nG,users,ecommerce,2018,1e6,persons\n"))
	f.Add([]byte("region_or_member,variable,segment,year,value,unit\nID,gmv,total,2015,NaN,USD\n"))
	f.Add([]byte("region_or_member,variable\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		skipKnown(t, knownRead, data)
		d, err := observed.Read(bytes.NewReader(data), "data.csv")
		if err != nil {
			msg := err.Error()
			if strings.TrimSpace(msg) == "" {
				t.Fatal("error with an empty message")
			}
			for _, line := range strings.Split(msg, "\n") {
				if len(line) > 600 {
					t.Fatalf("a %d-byte line in the error message: %.200q...", len(line), line)
				}
			}
			return
		}
		names := []string{}
		for _, v := range observed.Variables {
			names = append(names, v.Name)
		}
		for _, o := range d.Obs {
			switch {
			case math.IsNaN(o.Value) || math.IsInf(o.Value, 0):
				t.Fatalf("line %d: value %v", o.Line, o.Value)
			case !slices.Contains(names, o.Variable):
				t.Fatalf("line %d: variable %q", o.Line, o.Variable)
			case len(o.Members) == 0:
				t.Fatalf("line %d: no members", o.Line)
			}
		}
	})
}

// Inputs that crash today, skipped until the fix.
var knownRead = map[string]string{}

// skipKnown skips an input that crashes today and is listed in known (by
// the first 12 hex digits of the SHA-256 of its arguments) with the issue
// item that will fix it, so that go test stays green while the fix is
// pending; remove the entry with the fix. DIGISIM_FUZZ_KEYS=1 prints the
// key of every input run.
func skipKnown(t *testing.T, known map[string]string, args ...any) {
	t.Helper()
	h := sha256.Sum256(fmt.Appendf(nil, "%q", args))
	key := hex.EncodeToString(h[:6])
	if why, ok := known[key]; ok {
		t.Skip("known crasher " + key + ": " + why)
	}
	if os.Getenv("DIGISIM_FUZZ_KEYS") != "" {
		fmt.Fprintf(os.Stderr, "%s: input key %s\n", t.Name(), key)
	}
}
