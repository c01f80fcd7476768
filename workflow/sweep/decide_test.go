package sweep

import "testing"

// TestDecide: the resume protocol over every state of the folder a kill
// can leave (scripts/faults.sh kills real sweeps at random moments).
func TestDecide(t *testing.T) {
	cases := []struct {
		name string
		f    folder
		want action
	}{
		{"nothing there", folder{State: stateMissing}, actNothing},
		{"complete table, killed before what follows", folder{State: stateMissing, Final: true}, actFinish},
		{"partial without state", folder{State: stateMissing, Partial: partialRows}, actNoState},
		{"partial without state, beside an old table", folder{State: stateMissing, Partial: partialRows, Final: true}, actNoState},
		{"another experiment's rows", folder{State: stateGood, Same: false, Partial: partialRows}, actOther},
		{"another experiment's state, empty partial", folder{State: stateGood, Same: false, Partial: partialEmpty}, actOther},
		{"killed before the first write", folder{State: stateGood, Same: true, Partial: partialEmpty}, actFresh},
		{"damaged state, empty partial", folder{State: stateDamaged, Partial: partialEmpty}, actFresh},
		{"damaged state", folder{State: stateDamaged, Partial: partialRows}, actDamaged},
		{"damaged state, no partial", folder{State: stateDamaged}, actDamaged},
		{"header only", folder{State: stateGood, Same: true, Partial: partialNoRows}, actFresh},
		{"complete, state left", folder{State: stateGood, Same: true, Final: true}, actDropState},
		{"state only", folder{State: stateGood, Same: true}, actFresh},
		{"rows to continue", folder{State: stateGood, Same: true, Partial: partialRows}, actContinue},
		{"rows to continue beside an old table", folder{State: stateGood, Same: true, Partial: partialRows, Final: true}, actContinue},
	}
	for _, c := range cases {
		if got := decide(c.f); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
