package experiments

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const jointHead = `scenario = "agreement"
design = "montecarlo"
runs = 4000
seed = 3
[[uncertainties]]
path = "policy.spillover"
distribution = "uniform"
min = 0.1
max = 0.3
[[outcomes]]
name = "gmv_2030"
variable = "gmv"
year = 2030
`

// The design points of a [joint] table have the mean and covariance it
// gives (inline here; the file form in TestJointFromFile), follow the
// independent uncertainties and are what the runs set. Tolerances as in
// sample's TestMultiNormalMoments: 4 standard errors of each sample
// moment (sd/sqrt(N) for a mean, sqrt((S_ii S_jj + S_ij^2)/N) for a
// covariance); the bounds are far enough (6 sd) that clipping is rare.
func TestJointInline(t *testing.T) {
	src := jointHead + `
[joint]
parameters = ["segments.ecommerce.imitation", "segments.online_travel.imitation"]
mean = [0.46, 0.19]
covariance = [[0.0016, -0.0006], [-0.0006, 0.0009]]
`
	e, err := Parse("t.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if e.Uncertain != 3 || len(e.Run.Params) != 3 || e.Run.Params[1].Name != "segments.ecommerce.imitation" {
		t.Fatalf("uncertain %d, params %+v", e.Uncertain, e.Run.Params)
	}
	mean := []float64{0.46, 0.19}
	cov := [][]float64{{0.0016, -0.0006}, {-0.0006, 0.0009}}
	N := e.Run.Points
	v := make([]float64, 3)
	xs := make([][2]float64, N)
	var m [2]float64
	for d := range N {
		e.Run.Point(d, v)
		if v[0] < 0.1 || v[0] > 0.3 {
			t.Fatalf("point %d: spillover %v outside its uniform range", d, v[0])
		}
		xs[d] = [2]float64{v[1], v[2]}
		m[0] += v[1] / float64(N)
		m[1] += v[2] / float64(N)
	}
	for i := range 2 {
		if se := math.Sqrt(cov[i][i] / float64(N)); math.Abs(m[i]-mean[i]) > 4*se {
			t.Errorf("mean %d: %v, want %v +- %v", i, m[i], mean[i], 4*se)
		}
		for j := range 2 {
			s := 0.0
			for _, x := range xs {
				s += (x[i] - m[i]) * (x[j] - m[j])
			}
			s /= float64(N - 1)
			se := math.Sqrt((cov[i][i]*cov[j][j] + cov[i][j]*cov[i][j]) / float64(N))
			if math.Abs(s-cov[i][j]) > 4*se {
				t.Errorf("covariance [%d][%d]: %v, want %v +- %v", i, j, s, cov[i][j], 4*se)
			}
		}
	}
	// The point's values reach the run's parameters.
	p := e.Run.Base.Clone()
	e.Run.Point(7, v)
	for k, prm := range e.Run.Params {
		prm.Set(p, v[k])
	}
	if p.Segments[0].Imitation != v[1] {
		t.Errorf("run 7 sets e-commerce imitation %v, drew %v", p.Segments[0].Imitation, v[1])
	}
}

// The file form reads a calibration's covariance.csv and picks its rows;
// a draw beyond a bound is clipped to it and counted.
func TestJointFromFile(t *testing.T) {
	dir := t.TempDir()
	csv := "parameter,estimate,lo,hi,segments.ecommerce.imitation,segments.*.deepening,members.*.online_speed\n" +
		"segments.ecommerce.imitation,0.46,0.02,1.5,0.0016,0.0004,\n" +
		"segments.*.deepening,0.05,0,2,0.0004,0.0025,\n" +
		"members.*.online_speed,0.18,0.02,1,,,\n"
	os.WriteFile(filepath.Join(dir, "cov.csv"), []byte(csv), 0o644)
	write := func(joint string) string {
		p := filepath.Join(dir, "x.toml")
		os.WriteFile(p, []byte(strings.Replace(jointHead, "agreement", "asean-2022", 1)+joint), 0o644)
		return p
	}
	e, err := Load(write("[joint]\nfrom = \"cov.csv\"\nparameters = [\"segments.ecommerce.imitation\", \"segments.*.deepening\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if e.File.Joint.Drawn == nil || e.Uncertain != 3 {
		t.Fatalf("joint from file not resolved: %+v", e.File.Joint)
	}
	// deepening 0.05 with sd 0.05 against its bound 0: P(below) = 0.159,
	// about 635 of 4000 (sd 23).
	if e.Clipped < 540 || e.Clipped > 730 {
		t.Errorf("%d draws clipped, want about 635", e.Clipped)
	}
	v := make([]float64, 3)
	for d := range e.Run.Points {
		e.Run.Point(d, v)
		if v[2] < 0 {
			t.Fatalf("point %d: deepening %v below its bound 0", d, v[2])
		}
	}
	// Errors name the file, line, key and the fix.
	for _, tc := range []struct{ joint, want string }{
		{"[joint]\nfrom = \"cov.csv\"\n", "x.toml:14:1: joint.parameters[2]: " + filepath.Join(dir, "cov.csv") + ":4: members.*.online_speed has no variance"},
		{"[joint]\nfrom = \"cov.csv\"\nparameters = [\"segments.ecommerce.imitaton\"]\n", "joint.parameters[0]: segments.ecommerce.imitaton is not a parameter of"},
		{"[joint]\nfrom = \"nope.csv\"\n", "joint.from: open " + filepath.Join(dir, "nope.csv")},
		{"[joint]\nparameters = [\"policy.spillover\"]\nmean = [0.2]\ncovariance = [[0.01]]\n", "joint.parameters[0]: policy.spillover is drawn twice"},
		{"[joint]\nparameters = [\"segments.ecommerce.imitation\"]\nmean = [0.4, 0.1]\ncovariance = [[0.01]]\n", "joint.mean: 2 values for 1 parameters"},
		{"[joint]\nparameters = [\"segments.ecommerce.imitation\", \"segments.online_travel.imitation\"]\nmean = [0.4, 0.1]\ncovariance = [[0.01, 0.02], [0.02, 0.01]]\n", "joint.covariance: multinormal: the covariance has a negative eigenvalue"},
		{"[joint]\nparameters = [\"segments.ecommerce.imitation\"]\nmean = [0.4]\ncovarance = [[0.01]]\n", `joint.covarance: unknown key; did you mean "covariance"?`},
		{"[joint]\nparameters = [\"segments.ecommerce.imitation\"]\nmean = [-0.4]\ncovariance = [[0.01]]\n", "joint.mean[0]: segments.ecommerce.imitation: mean -0.4 is outside the range"},
	} {
		_, err := Load(write(tc.joint))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant %q", tc.joint, err, tc.want)
		}
	}
	sobol := strings.Replace(jointHead, `design = "montecarlo"`, `design = "sobol"`, 1) + "[joint]\nfrom = \"cov.csv\"\n"
	if _, err := Parse("s.toml", []byte(sobol)); err == nil || !strings.Contains(err.Error(), "joint: sobol designs analyse independent uncertainties") {
		t.Errorf("sobol with joint: %v", err)
	}
}
