// The Go example, run by ctest: open an engine, take an application at a town window,
// route it to the town's office, read it back, and see a bad request refused.
//
//	go run ./cmd/example DISTRICT_FILE DB_FILE
package main

import (
	"errors"
	"fmt"
	"os"

	"onedoor.local/onedoor/onedoor"
)

var gulou = map[string]string{"officer": "GL-001", "unit": "town.gulou", "role": "officer"}

type item struct {
	ID     string `json:"id"`
	State  string `json:"state"`
	Holder string `json:"holder"`
}

func check(ok bool, format string, args ...any) {
	if !ok {
		fmt.Fprintf(os.Stderr, "go: FAILED: "+format+"\n", args...)
		os.Exit(1)
	}
}

func main() {
	eng, err := onedoor.Open(map[string]any{
		"database": os.Args[2], "district_file": os.Args[1], "clock": "manual",
		"clock_start": "2026-03-02T09:00:00+08:00", "delivery": map[string]int{"workers": 0}})
	check(err == nil, "open: %v", err)
	defer eng.Close()

	applicant := map[string]string{"name": "王明华", "id_number": "371502198001010018", "hukou_town": "gulou"}
	var taken struct {
		CaseID string `json:"case_id"`
		Items  []item `json:"items"`
	}
	err = eng.Call("intake", map[string]any{"actor": gulou, "applicant": applicant,
		"hardship": "因病致贫", "categories": []string{"dibao"}}, &taken)
	check(err == nil && len(taken.Items) == 1, "intake: %v %+v", err, taken)

	var routed struct{ Item item }
	err = eng.Call("route", map[string]any{"actor": gulou, "item_id": taken.Items[0].ID, "type": "distribute"}, &routed)
	check(err == nil, "route: %v", err)
	check(routed.Item.State == "notified" && routed.Item.Holder == "town.gulou.office", "routed: %+v", routed)

	var kase struct {
		Applicant struct{ Name string }
		Items     []item
	}
	err = eng.Call("case.get", map[string]any{"actor": gulou, "case_id": taken.CaseID}, &kase)
	check(err == nil && kase.Applicant.Name == "王明华", "case.get: %v %+v", err, kase)

	applicant["id_number"] = "371502198001010011"
	err = eng.Call("intake", map[string]any{"actor": gulou, "applicant": applicant,
		"hardship": "因病致贫", "categories": []string{"dibao"}}, nil)
	var oe *onedoor.Error
	check(errors.As(err, &oe) && oe.Status == onedoor.Invalid && oe.Field == "applicant.id_number",
		"bad id: %v", err)
	fmt.Printf("go: %s routed to town.gulou.office, bad ID refused (%s)\n", taken.CaseID, onedoor.Version())
}
