package demo

import "testing"

// TestOfficerNamesDistinct: the demo pool has no two officers of one name,
// so that a drawn officer is never confused with another in the pool list.
func TestOfficerNamesDistinct(t *testing.T) {
	seen := map[string]int{}
	for i := 0; i < 40; i++ {
		name, gender := officerName(i)
		if j, ok := seen[name]; ok {
			t.Errorf("officers %d and %d are both named %s", j, i, name)
		}
		seen[name] = i
		if gender != "male" && gender != "female" {
			t.Errorf("officer %d: gender %q", i, gender)
		}
	}
	if name, gender := officerName(1); name != "李春梅" || gender != "female" {
		t.Errorf("officer 1 is %s (%s)", name, gender)
	}
}
