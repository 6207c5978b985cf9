"""Writes Sources/ApprovalsWeb/API/openapi.json, the API's OpenAPI 3.1 document.

The document is a resource file served as is; this script is how it is kept tidy (shared parameters,
list wrappers, problem answers) rather than edited by hand. Run it after changing the API:
    python3 Tests/Schemathesis/make_openapi.py
"""
import json, pathlib

S = {"type": "string"}
NS = {"type": ["string", "null"]}
TIME = {"type": "string", "format": "date-time"}
NTIME = {"type": ["string", "null"], "format": "date-time"}
INT = {"type": "integer"}
NINT = {"type": ["integer", "null"]}

def obj(props, required=None):
    return {"type": "object", "properties": props, "required": required if required is not None else list(props)}

record = {"id": S, "reference": S, "organisation_id": S, "cycle_id": S, "status": S, "version": INT,
          "created_at": TIME, "updated_at": TIME}
schemas = {
    "Problem": obj({"type": S, "title": S, "status": INT, "detail": S, "requestId": S}, ["type", "title", "status", "detail"]),
    "Links": obj({"self": S, "next": NS}),
    "Window": obj({"kind": S, "opens_at": NTIME, "closes_at": TIME}),
    "Cycle": obj({"id": S, "code": S, "name": S, "level": INT, "number": INT, "first_teaching": NS,
                  "windows": {"type": "array", "items": {"$ref": "#/components/schemas/Window"}},
                  "categories": {"type": "array", "items": S}, "routes": {"type": "array", "items": S}}),
    "Route": obj({"code": S, "name": S, "other_name": NS}),
    "Category": obj({"code": S, "name": S, "levels": {"type": "array", "items": INT}, "age_groups": {"type": "array", "items": S},
                     "relation_to_standard": S, "proposal_first": S, "title_wording": S}),
    "Organisation": obj({"id": S, "name": S, "ofqual_recognition_number": S, "sector_subject_areas": {"type": "array", "items": S}}),
    "Standard": obj({"reference": S, "title": S, "level": INT, "route": S, "standard_version": S, "status": S, "cycle_id": S,
                     "added_at": TIME, "removed_at": NTIME}),
    "Registration": obj({**record, "details": {"type": ["object", "null"]}}),
    "Feedback": obj({"category_fit_and_need": S, "duties_quality_and_relevance": S, "employer_demand_approach": S,
                     "issued_at": TIME, "follow_up_requested": {"type": ["boolean", "null"]}, "will_proceed": {"type": ["boolean", "null"]}}),
    "Proposal": obj({**record, "category": S, "intended_title": S, "submitted_at": NTIME,
                     "feedback": {"oneOf": [{"$ref": "#/components/schemas/Feedback"}, {"type": "null"}]}}),
    "DecisionSummary": obj({"outcome": S, "decided_at": TIME}),
    "Submission": obj({**record, "title": S, "category": NS, "level": NINT, "route": NS, "latest_version": INT, "submitted_at": TIME,
                       "changes_submission_id": NS,
                       "decision": {"oneOf": [{"$ref": "#/components/schemas/DecisionSummary"}, {"type": "null"}]}}),
    "KSB": obj({"standard_reference": S, "ksb_code": S, "covered_in": S, "assessed_in": S}),
    "DocumentMetadata": obj({"id": S, "kind": S, "name": S, "byte_count": INT, "media_type": S, "href": S}),
    "Version": obj({"number": INT, "submitted_at": TIME, "late_exception_id": NS, "title": S, "content": {"type": "object"},
                    "ksb_mapping": {"type": "array", "items": {"$ref": "#/components/schemas/KSB"}},
                    "documents": {"type": "array", "items": {"$ref": "#/components/schemas/DocumentMetadata"}}}),
    "CriterionOutcome": obj({"criterion": S, "outcome": S, "comment": S}),
    "Review": obj({"id": S, "reference": S, "version_number": INT, "recommended_outcome": NS, "completed_at": NTIME,
                   "criteria": {"type": "array", "items": {"$ref": "#/components/schemas/CriterionOutcome"}}}),
    "Decision": obj({"submission_id": S, "reference": S, "organisation_id": S, "cycle_id": S, "outcome": S, "reasons": S, "decided_at": TIME}),
    "Exception": obj({**record, "window": S, "record_type": S, "record_id": NS, "reason_kind": NS, "new_deadline": NTIME}),
    "Change": obj({"sequence": INT, "occurred_at": TIME, "actor_role": S, "record_type": S, "record_id": S, "record_reference": NS,
                   "action": S, "state_before": NS, "state_after": NS}),
}
schemas["SubmissionDetail"] = {"allOf": [{"$ref": "#/components/schemas/Submission"}, obj({
    "versions": {"type": "array", "items": {"$ref": "#/components/schemas/Version"}},
    "reviews": {"type": "array", "items": {"$ref": "#/components/schemas/Review"}},
    "decision": {"oneOf": [{"$ref": "#/components/schemas/Decision"}, {"$ref": "#/components/schemas/DecisionSummary"}, {"type": "null"}]}})]}
schemas["SubmissionDetail"] = {**obj({**schemas["Submission"]["properties"],
    "versions": {"type": "array", "items": {"$ref": "#/components/schemas/Version"}},
    "reviews": {"type": "array", "items": {"$ref": "#/components/schemas/Review"}},
    "decision": {"type": ["object", "null"]}})}

def page(item, extra=None):
    props = {"items": {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
             "links": {"$ref": "#/components/schemas/Links"}, "limit": {"type": "integer", "minimum": 1, "maximum": 200}}
    props.update(extra or {})
    return obj(props)

problem = lambda d: {"description": d, "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
common_errors = {"400": problem("A query parameter is unknown or not valid."),
                 "401": problem("The bearer token is missing, unknown, expired or revoked."),
                 "404": problem("There is no such resource (drafts are never shown)."),
                 "405": problem("Only GET and HEAD are allowed."),
                 "408": problem("The request head or body arrived too slowly (answered by the HTTP layer, before routing)."),
                 "413": problem("The request carries a body larger than the route accepts (API routes take none)."),
                 "414": problem("The request line is longer than the HTTP layer accepts (8 KiB by default)."),
                 "431": problem("The header section is larger than the HTTP layer accepts (32 KiB, 100 fields by default)."),
                 "429": problem("Too many requests for this token; see Retry-After."),
                 "500": problem("A fault on the service's side; the detail says nothing of the cause, requestId finds it in the log."),
                 "503": problem("Every worker is busy; try again after Retry-After seconds."),
                 "505": problem("Only HTTP/1.0 and HTTP/1.1 are spoken.")}
param = lambda name, desc, schema: {"name": name, "in": "query", "required": False, "description": desc, "schema": schema}
PARAMS = {
    "organisation": param("organisation", "Only records of this awarding organisation (its id).", {"type": "string", "minLength": 1, "maxLength": 200}),
    "cycle": param("cycle", "Only records of this cycle (its id).", {"type": "string", "minLength": 1, "maxLength": 200}),
    "level": param("level", "Only this qualification level.", {"type": "integer", "enum": [2, 3]}),
    "route": param("route", "Only this route (its code, e.g. digital).", {"type": "string", "minLength": 1, "maxLength": 200}),
    "status": param("status", "Only records in this state.", {"type": "string", "minLength": 1, "maxLength": 200}),
    "updated_since": param("updated_since", "Only records changed at or after this instant (ISO 8601 UTC).",
                           {"type": "string", "format": "date-time", "pattern": "Z$"}),
    "after": param("after", "The cursor from links.next of the previous page.", {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"}),
    "limit": param("limit", "Items per page (default 50).", {"type": "integer", "minimum": 1, "maximum": 200}),
}
ok_json = lambda schema, d: {"description": d, "headers": {"ETag": {"schema": S}, "Cache-Control": {"schema": S}},
                             "content": {"application/json": {"schema": schema}}}
csv_ok = {"description": "The whole filtered list as CSV with a header row, streamed.", "content": {"text/csv": {"schema": S}}}
not_modified = {"description": "Not modified: the If-None-Match tag is current."}

lists = [("cycles", "Cycle", ["level"], "Cycles with their windows, categories and routes in scope."),
         ("routes", "Route", [], "The 15 routes."),
         ("categories", "Category", [], "The qualification categories."),
         ("organisations", "Organisation", [], "Awarding organisations with their recognised sector subject areas."),
         ("registrations", "Registration", ["organisation", "cycle", "level", "route", "status", "updated_since"], "Registrations of intent (never drafts)."),
         ("proposals", "Proposal", ["organisation", "cycle", "level", "route", "status", "updated_since"], "Submitted proposals with their feedback once issued."),
         ("submissions", "Submission", ["organisation", "cycle", "level", "route", "status", "updated_since"], "Submitted qualifications, summarised from their latest submitted version."),
         ("decisions", "Decision", ["organisation", "cycle", "level", "status", "updated_since"], "Decisions on submissions."),
         ("exceptions", "Exception", ["organisation", "cycle", "level", "status", "updated_since"], "Late-submission exceptions."),
         ("approved-qualifications", "Submission", ["organisation", "cycle", "level", "route", "status", "updated_since"], "Approved qualifications.")]
paths = {}
def get(summary, params, responses, tag):
    return {"get": {"summary": summary, "tags": [tag], "parameters": params, "responses": {**responses, **common_errors}}}
for path, item, filters, summary in lists:
    params = [PARAMS[f] for f in filters] + [PARAMS["after"], PARAMS["limit"]]
    paths[f"/api/v1/{path}"] = get(summary, params, {"200": ok_json(page(item), "A page."), "304": not_modified}, "Lists")
    paths[f"/api/v1/{path}.csv"] = get(summary + " As CSV.", [PARAMS[f] for f in filters], {"200": csv_ok}, "CSV")
idp = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "minLength": 1, "maxLength": 200}}
for path, item, summary in [("cycles", "Cycle", "A cycle."), ("organisations", "Organisation", "An awarding organisation."),
                            ("registrations", "Registration", "A registration of intent."), ("proposals", "Proposal", "A proposal."),
                            ("submissions", "SubmissionDetail", "A submission with every submitted version, its reviews' outcomes and its decision."),
                            ("decisions", "Decision", "The decision on a submission (by the submission's id)."),
                            ("exceptions", "Exception", "A late-submission exception.")]:
    paths[f"/api/v1/{path}/{{id}}"] = get(summary, [idp], {"200": ok_json({"$ref": f"#/components/schemas/{item}"}, summary), "304": not_modified}, "Resources")
std_params = [idp, PARAMS["level"], PARAMS["route"], PARAMS["status"], PARAMS["after"], PARAMS["limit"]]
paths["/api/v1/cycles/{id}/standards"] = get("The standards in scope of a cycle, with when each was added and removed.", std_params,
                                             {"200": ok_json(page("Standard"), "A page."), "304": not_modified}, "Lists")
paths["/api/v1/cycles/{id}/standards.csv"] = get("The standards in scope of a cycle, as CSV.", std_params[:4], {"200": csv_ok}, "CSV")
paths["/api/v1/changes"] = get("Every audit event after the cursor, in order (drafts left out).", [PARAMS["after"], PARAMS["limit"]],
                               {"200": ok_json(page("Change", {"cursor": S}), "Events, and the cursor to resume from."), "304": not_modified}, "Change feed")
paths["/api/v1/documents/{id}"] = {"get": {"summary": "A submitted document's bytes (id: its SHA-256). Supports Range and If-None-Match.", "tags": ["Documents"],
    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string", "minLength": 1, "maxLength": 200}}],
    "responses": {"200": {"description": "The document.", "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}}},
                  "206": {"description": "The requested byte range.", "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}}},
                  "304": not_modified, "416": problem("The range is outside the document."), **common_errors}}}
paths["/api/v1/openapi.json"] = {"get": {"summary": "This document.", "tags": ["Reference"], "security": [],
    "responses": {"200": {"description": "The OpenAPI 3.1 document.", "content": {"application/json": {"schema": {"type": "object"}}}}}}}

document = {
    "openapi": "3.1.0",
    "info": {"title": "Approval of technical qualifications: read-only API", "version": "1.0.0",
             "description": "What DfE and Ofqual read: everything awarding organisations have submitted (never drafts), with reviews' outcomes, decisions, documents and a change feed. "
                            "JSON objects with snake_case names; times in ISO 8601 UTC; cursor paging (limit 50 by default, 200 at most; follow links.next); "
                            "CSV of any list by adding .csv to its path; errors as application/problem+json. Send Authorization: Bearer <token>. "
                            "Each token may make 100 requests at once and 20 a second after that (429 with Retry-After beyond)."},
    "servers": [{"url": "/"}],
    "security": [{"bearer": []}],
    "paths": paths,
    "components": {"schemas": schemas, "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
}
out = pathlib.Path(__file__).resolve().parents[2] / "Sources/ApprovalsWeb/API/openapi.json"
out.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")
print(out)
