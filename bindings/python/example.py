"""The Python example, run by ctest: open an engine, take an application at a town
window, route it to the town's office, read it back, and see a bad request refused.
    ONEDOOR_LIBRARY=build/libonedoor.so.1 python3 example.py DISTRICT_FILE DB_FILE"""
import sys

from onedoor import Engine, Invalid

GULOU = {"officer": "GL-001", "unit": "town.gulou", "role": "officer"}


def main(district_file, database):
    config = {"database": database, "district_file": district_file,
              "clock": "manual", "clock_start": "2026-03-02T09:00:00+08:00",
              "delivery": {"workers": 0}}
    with Engine(config) as eng:
        taken = eng.call("intake", {
            "actor": GULOU,
            "applicant": {"name": "王明华", "id_number": "371502198001010018",
                          "hukou_town": "gulou"},
            "hardship": "因病致贫", "categories": ["dibao"]})
        case_id, item_id = taken["case_id"], taken["items"][0]["id"]
        routed = eng.call("route", {"actor": GULOU, "item_id": item_id, "type": "distribute"})
        assert routed["item"]["state"] == "notified", routed
        assert routed["item"]["holder"] == "town.gulou.office", routed

        case = eng.call("case.get", {"actor": GULOU, "case_id": case_id})
        assert case["applicant"]["name"] == "王明华", case["applicant"]
        assert case["items"][0]["notices"][0]["type"] == "distribute", case["items"][0]

        try:
            eng.call("intake", {"actor": GULOU,
                                "applicant": {"name": "王明华", "id_number": "371502198001010011",
                                              "hukou_town": "gulou"},
                                "hardship": "因病致贫", "categories": ["dibao"]})
            raise AssertionError("a wrong check character was accepted")
        except Invalid as e:
            assert e.field == "applicant.id_number", e
            assert e.code == "INVALID" and e.status == 1, e
        listed = eng.call("case.list", {"actor": GULOU})
        assert [c["id"] for c in listed["cases"]] == [case_id], listed
    print("python: %s routed to town.gulou.office, bad ID refused (%s)" % (case_id, Engine.version()))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
