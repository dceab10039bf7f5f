"""Work split: owners as announced by ISRO/JAXA, masses that add up, one lead per phase."""

import pytest

from lupex.scenario.work_split import AGENCIES, build_work_split
from lupex.timeline import PHASES

# Owners as announced (JAXA LUPEX overview; ISRO statements; ESA/NASA payload announcements).
EXPECTED_OWNERS = {
    "launch_vehicle": "JAXA", "rover": "JAXA", "LTGA": "JAXA", "TRITON": "JAXA", "ADORE": "JAXA",
    "ALIS": "JAXA", "lander": "ISRO", "ISAP": "ISRO", "GPR": "ISRO", "MIR": "ISRO",
    "PRATHIMA": "ISRO", "neutron_spectrometer": "NASA", "EMS-L": "ESA",
}


@pytest.fixture
def ws():
    return build_work_split(stack_mass_kg=6000.0, rover_mass_kg=350.0)


def test_every_element_has_its_announced_owner(ws):
    owners = {e.name: e.owner for e in ws.elements}
    assert owners == EXPECTED_OWNERS


def test_agency_masses_add_up_to_the_stack_without_double_counting(ws):
    budget = ws.mass_budget()
    assert sum(b["mass_kg"] for b in budget.values()) == pytest.approx(6000.0)
    assert budget["JAXA"]["launch_vehicle_kg"] == 574000.0  # H3-24L lift-off mass w/o payload
    hosted = sum(e.mass_kg for e in ws.elements if e.carried_by == "rover")
    assert ws.own_mass_kg(ws.element("rover")) == pytest.approx(350.0 - hosted)
    assert ws.element("lander").mass_kg == pytest.approx(5650.0)


def test_estimated_masses_are_labelled(ws):
    for e in ws.elements:
        if e.category == "instrument":
            assert e.basis in ("estimate", "scenario", "published")


def test_responsibility_matrix_has_exactly_one_lead_per_phase(ws):
    m = ws.responsibility_matrix()
    assert list(m) == list(PHASES)
    for phase, row in m.items():
        assert set(row) == set(AGENCIES)
        assert list(row.values()).count("lead") == 1, phase
    assert m["launch"]["JAXA"] == "lead" and m["landing"]["ISRO"] == "lead"


def test_tli_by_lander_moves_the_lead_to_isro():
    ws = build_work_split(stack_mass_kg=6000.0, rover_mass_kg=350.0, tli_by_upper_stage=False)
    assert ws.owner_of_phase("tli") == "ISRO"


def test_overrides_change_owner_mass_and_phase_lead():
    ws = build_work_split(
        stack_mass_kg=6000.0, rover_mass_kg=250.0,
        element_overrides={"GPR": {"mass_kg": 9.0}, "new_camera": {"owner": "ESA", "mass_kg": 2.0,
                                                                     "carried_by": "rover"}},
        phase_overrides={"cruise": {"lead": "JAXA", "support": ["ISRO"]}},
    )
    assert ws.element("GPR").mass_kg == 9.0 and ws.element("GPR").basis == "scenario"
    assert ws.element("new_camera").owner == "ESA"
    assert ws.owner_of_phase("cruise") == "JAXA"
    assert sum(b["mass_kg"] for b in ws.mass_budget().values()) == pytest.approx(6000.0)


def test_stack_lighter_than_its_rover_is_infeasible():
    ws = build_work_split(stack_mass_kg=300.0, rover_mass_kg=350.0)
    assert ws.infeasibilities and ws.infeasibilities[0].shortfall > 0
