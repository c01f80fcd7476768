package newregion

import (
	"math"
	"regexp"
	"testing"
)

func TestCountriesTable(t *testing.T) {
	list, err := Countries()
	if err != nil {
		t.Fatal(err)
	}
	code := regexp.MustCompile(`^[A-Z]{2}$`)
	seen := map[string]bool{}
	un := 0
	prev := ""
	for _, c := range list {
		if !code.MatchString(c.Code) {
			t.Errorf("%q: not an ISO 3166-1 alpha-2 code", c.Code)
		}
		if seen[c.Code] {
			t.Errorf("%s: listed twice", c.Code)
		}
		seen[c.Code] = true
		if c.Code <= prev {
			t.Errorf("%s after %s: the table is not sorted by code", c.Code, prev)
		}
		prev = c.Code
		if !(c.Latitude >= -90 && c.Latitude <= 90) || !(c.Longitude >= -180 && c.Longitude <= 180) {
			t.Errorf("%s: coordinates %v, %v out of range", c.Code, c.Latitude, c.Longitude)
		}
		if c.Name == "" || c.Capital == "" {
			t.Errorf("%s: empty name or capital", c.Code)
		}
		if c.UNMember {
			un++
		}
	}
	// The United Nations has 193 member states (un.org, since South Sudan
	// joined in 2011).
	if un != 193 {
		t.Errorf("%d UN member states, want 193", un)
	}
	// Two capitals closer than 1 km would be refused by a run (MODEL.md,
	// equation 11): the Holy See and Rome are the closest pair.
	for i, a := range list {
		for _, b := range list[i+1:] {
			if d := haversine(a.Latitude, a.Longitude, b.Latitude, b.Longitude); d < 1 {
				t.Errorf("%s and %s are %.2f km apart", a.Code, b.Code, d)
			}
		}
	}
}

// Spot checks: capitals' coordinates as the CIA World Factbook gives them
// (degrees and minutes), and great-circle distances between capitals as
// atlases give them, to 3%.
func TestCountriesSpotChecks(t *testing.T) {
	dm := func(d, m float64) float64 { return math.Copysign(math.Abs(d)+m/60, d) }
	points := []struct {
		code     string
		lat, lon float64
	}{
		{"AR", dm(-34, 36), dm(-58, 22)}, // Buenos Aires 34 36 S, 58 22 W
		{"BR", dm(-15, 47), dm(-47, 55)}, // Brasilia 15 47 S, 47 55 W
		{"PY", dm(-25, 16), dm(-57, 40)}, // Asuncion 25 16 S, 57 40 W
		{"UY", dm(-34, 51), dm(-56, 10)}, // Montevideo 34 51 S, 56 10 W
		{"JP", dm(35, 41), dm(139, 45)},  // Tokyo 35 41 N, 139 45 E
		{"NZ", dm(-41, 18), dm(174, 47)}, // Wellington 41 18 S, 174 47 E
		{"US", dm(38, 53), dm(-77, 2)},   // Washington 38 53 N, 77 02 W
		{"KE", dm(-1, 17), dm(36, 49)},   // Nairobi 1 17 S, 36 49 E
		{"TO", dm(-21, 8), dm(-175, 12)}, // Nuku'alofa 21 08 S, 175 12 W
	}
	for _, p := range points {
		c, ok := LookupCountry(p.code)
		if !ok {
			t.Fatalf("%s missing", p.code)
		}
		if math.Abs(c.Latitude-p.lat) > 0.01 || math.Abs(c.Longitude-p.lon) > 0.01 {
			t.Errorf("%s (%s): %.2f, %.2f; the Factbook gives %.3f, %.3f", p.code, c.Capital, c.Latitude, c.Longitude, p.lat, p.lon)
		}
	}
	pairs := []struct {
		a, b string
		km   float64
	}{
		{"GB", "FR", 344},  // London-Paris
		{"AR", "UY", 205},  // Buenos Aires-Montevideo, across the Rio de la Plata
		{"JP", "KR", 1160}, // Tokyo-Seoul
		{"ES", "PT", 503},  // Madrid-Lisbon
		{"US", "CA", 735},  // Washington-Ottawa
	}
	for _, p := range pairs {
		a, _ := LookupCountry(p.a)
		b, _ := LookupCountry(p.b)
		d := haversine(a.Latitude, a.Longitude, b.Latitude, b.Longitude)
		if math.Abs(d-p.km) > 0.03*p.km {
			t.Errorf("%s-%s: %.0f km, atlases give about %.0f", a.Capital, b.Capital, d, p.km)
		}
	}
	if _, ok := LookupCountry("uy"); !ok {
		t.Error("lookup is not case-blind")
	}
	if _, ok := LookupCountry("XX"); ok {
		t.Error("XX found")
	}
}

func haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const rad = math.Pi / 180
	dp, dl := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * 6371 * math.Asin(math.Min(1, math.Sqrt(a)))
}
