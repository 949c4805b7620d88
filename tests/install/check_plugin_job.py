"""Opens an engine from an installed onedoor (through bindings/python) with two plugins
built outside the tree - one found by bare file name in the installed default plugin
directory, one by absolute path - lets each get a job, delivers, and checks that both
jobs arrived at the department simulator (delivered with the simulator's reference).
    ONEDOOR_LIBRARY=... python3 check_plugin_job.py DISTRICT DB PC_PLUGIN SIM_URL SECRET"""
import sys

from onedoor import Engine

district, database, pc_plugin, sim_url, secret = sys.argv[1:6]
DISTRICT = {"officer": "QU-001", "unit": "district", "role": "officer"}
config = {
    "database": database, "district_file": district, "delivery": {"workers": 0},
    "plugins": {
        # no directory: found in <libdir>/onedoor/plugins, the installed default
        "dept.education": {"file": "libod_sample_dept.so",
                           "config": {"url": sim_url + "/education", "secret": secret,
                                      "department": "education-cmake", "timeout_ms": 5000}},
        "gov.district": {"file": pc_plugin,
                         "config": {"url": sim_url + "/government", "secret": secret,
                                    "department": "government-pkgconfig", "timeout_ms": 5000}},
    },
}
with Engine(config) as eng:
    status = eng.call("engine.status")
    states = {p["unit"]: (p["state"], p.get("error")) for p in status["plugins"]}
    assert all(s == "active" for s, _ in states.values()), states
    taken = eng.call("intake", {
        "actor": DISTRICT, "urgency": "major",
        "applicant": {"name": "孙三", "id_number": "371502199003070027", "hukou_town": "gulou"},
        "hardship": "学费困难", "categories": ["education"]})
    eng.call("route", {"actor": DISTRICT, "item_id": taken["items"][0]["id"], "type": "transfer"})
    ran = eng.call("delivery.run")
    jobs = eng.call("delivery.list", {"actor": DISTRICT, "case_id": taken["case_id"]})["jobs"]
    arrived = {j["unit"]: j for j in jobs if j["state"] == "delivered" and j.get("reference", "").startswith("SIM-")}
    assert set(arrived) == {"dept.education", "gov.district"}, (ran, jobs)
print("install: jobs from the CMake-built and the pkg-config-built plugins arrived: %s"
      % ", ".join("%s=%s" % (u, j["reference"]) for u, j in sorted(arrived.items())))
