package house

import "strings"

// memberNames are the display names of the ASEAN members.
var memberNames = map[string]string{
	"BN": "Brunei", "KH": "Cambodia", "ID": "Indonesia", "LA": "Lao PDR",
	"MY": "Malaysia", "MM": "Myanmar", "PH": "Philippines", "SG": "Singapore",
	"TH": "Thailand", "VN": "Viet Nam",
}

// pillarNames are the display names of the policy pillars of capacity.
var pillarNames = map[string]string{
	"ict_infrastructure": "ICT infrastructure", "education_competency": "Education and skills",
	"consumer_protection": "Consumer protection", "legal_regulatory": "Legal and regulatory",
	"transaction_security": "Transaction security", "payments": "Payments",
	"trade_facilitation": "Trade facilitation", "intellectual_property": "Intellectual property",
	"competition": "Competition", "cybersecurity": "Cybersecurity", "logistics": "Logistics",
}

var segmentNames = map[string]string{
	"ecommerce": "E-commerce", "online_travel": "Online travel",
	"transport_food": "Ride hailing & food", "online_media": "Online media",
}

var scenarioNames = map[string]string{
	"no-coordination": "No coordination", "agreement": "Agreement", "binding": "Binding",
	"capacity-building": "Capacity building", "business-engaged": "Business engaged",
	"asean-2018": "ASEAN 2018",
	"asean-2022": "Agreement (2022 base)", "no-coordination-2022": "No coordination (2022 base)",
	"defa-binding": "DEFA binding", "capacity-building-2022": "Capacity building (2022 base)",
	"business-engaged-2022": "Business engaged (2022 base)", "covid-2018": "What happened (COVID)",
	"asean-2025": "Agreement (2025 base)", "no-coordination-2025": "No coordination (2025 base)",
	"defa-2025": "DEFA binding (2025 base)", "capacity-building-2025": "Capacity building (2025 base)",
	"business-engaged-2025": "Business engaged (2025 base)", "covid-2025": "What happened (COVID, to 2025)",
}

// DisplayName returns the reader-facing name of a member, segment or
// scenario id ("ID" is "Indonesia", "online_travel" is "Online travel",
// "no-coordination" is "No coordination"). Another scenario id with
// hyphens reads as words, acronyms in capitals ("asean-2022" is "ASEAN
// 2022", "defa-binding" is "DEFA binding"); other ids are returned as
// they are.
func DisplayName(id string) string {
	for _, m := range []map[string]string{memberNames, segmentNames, pillarNames, scenarioNames} {
		if n, ok := m[id]; ok {
			return n
		}
	}
	if !strings.Contains(id, "-") || strings.ToLower(id) != id {
		return id
	}
	words := strings.Split(id, "-")
	for i, w := range words {
		switch {
		case acronyms[w]:
			words[i] = strings.ToUpper(w)
		case i == 0 && w != "":
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}

// acronyms are the words of scenario ids written in capitals.
var acronyms = map[string]bool{"asean": true, "defa": true, "covid": true, "sea": true, "rcep": true, "aec": true, "eu": true, "us": true}
