"""The POST body of the plan form, for tests."""


def plan_post(*, measures=(), version=None, prefix="tiltak", **fields):
    """The POST body of the plan form: plan fields plus the measures formset."""
    data = {
        "date_discussed": "2026-10-06",
        "date_reviewed_with_guardians": "",
        "evaluation_date": "2026-12-01",
        "present": "Rita Rektorsen, Per Pedersen",
        "absent": "",
        "referent": "Per Pedersen",
        "challenges": ["lesevansker"],
        "challenge_other": "",
        "main_challenge": "Leser langsomt og mister motivasjonen.",
        "main_goal": "Bedre leseflyt innen jul.",
        f"{prefix}-TOTAL_FORMS": str(len(measures)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    if version is not None:
        data["version"] = str(version)
    for i, m in enumerate(measures):
        row = {"description": "", "owner": "", "evaluation_date": "", "level": "individ", "staff_benefiting": ""}
        row.update(m)
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = "" if value is None else str(value)
    data.update(fields)
    return data
