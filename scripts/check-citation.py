#!/usr/bin/python3
"""Checks CITATION.cff against the rules of the Citation File Format 1.2.0
schema (https://citation-file-format.github.io/1.2.0/schema) that apply to
the keys it may hold: the required keys, no key the schema does not know
(additionalProperties: false at the top level, for persons and entities),
and the type, pattern or enum of each key used. Then it checks that the
same rules reject five broken copies, so that the check can fail.

Usage: scripts/check-citation.py [CITATION.cff]   (needs python3-yaml)
"""
import copy
import re
import sys

import yaml

TOP = {"abstract", "authors", "cff-version", "commit", "contact", "date-released",
       "doi", "identifiers", "keywords", "license", "license-url", "message",
       "preferred-citation", "references", "repository", "repository-artifact",
       "repository-code", "title", "type", "url", "version"}
REQUIRED = ["cff-version", "message", "title", "authors"]
PERSON = {"address", "affiliation", "alias", "city", "country", "email", "family-names",
          "fax", "given-names", "name-particle", "name-suffix", "orcid", "post-code",
          "region", "tel", "website"}
ENTITY = {"address", "alias", "city", "country", "date-end", "date-start", "email", "fax",
          "location", "name", "orcid", "post-code", "region", "tel", "website"}
# The SPDX identifiers a project like this one may choose (the schema's enum
# holds every SPDX identifier of 2021-05-14; these are among them).
LICENSES = {"MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC", "MPL-2.0", "0BSD"}
DOI = re.compile(r"^10\.\d{4,9}(\.\d+)?/[A-Za-z0-9:/_;\-\.\(\)\[\]\\]+$")
URL = re.compile(r"^(https|http|ftp|sftp)://.+")
DATE = re.compile(r"^[0-9]{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$")


def text(v):
    return isinstance(v, str) and len(v) >= 1


def problems(doc):
    out = []
    if not isinstance(doc, dict):
        return ["the file is not a YAML mapping"]
    out += [f"required key {k!r} missing" for k in REQUIRED if k not in doc]
    out += [f"key {k!r} is not in CFF 1.2.0" for k in doc if k not in TOP]
    if doc.get("cff-version") != "1.2.0":
        out.append(f"cff-version is {doc.get('cff-version')!r}, want '1.2.0'")
    for k in ("message", "title", "abstract", "commit", "license-url"):
        if k in doc and not text(doc[k]):
            out.append(f"{k} must be a non-empty string")
    if "version" in doc and not (text(doc["version"]) or isinstance(doc["version"], (int, float))):
        out.append("version must be a non-empty string or a number")
    if "type" in doc and doc["type"] not in ("software", "dataset"):
        out.append(f"type {doc['type']!r}: want software or dataset")
    if "license" in doc:
        lic = doc["license"] if isinstance(doc["license"], list) else [doc["license"]]
        out += [f"license {x!r} is not an SPDX identifier this check knows" for x in lic if x not in LICENSES]
    if "doi" in doc and not (isinstance(doc["doi"], str) and DOI.match(doc["doi"])):
        out.append(f"doi {doc['doi']!r} is not a DOI (10.NNNN/...)")
    for k in ("url", "repository", "repository-code", "repository-artifact"):
        if k in doc and not (isinstance(doc[k], str) and URL.match(doc[k])):
            out.append(f"{k} {doc[k]!r} is not a URL")
    if "date-released" in doc and not DATE.match(str(doc["date-released"])):
        out.append(f"date-released {doc['date-released']!r} is not YYYY-MM-DD")
    if "keywords" in doc and not (isinstance(doc["keywords"], list) and all(text(x) for x in doc["keywords"])):
        out.append("keywords must be a list of non-empty strings")
    authors = doc.get("authors")
    if not isinstance(authors, list) or not authors:
        out.append("authors must be a list of at least one person or entity")
        authors = []
    for i, a in enumerate(authors):
        if not isinstance(a, dict):
            out.append(f"authors[{i}] is not a mapping")
            continue
        # An entity has a name; a person has none and only person keys.
        allowed = ENTITY if "name" in a else PERSON
        out += [f"authors[{i}]: key {k!r} is not allowed" for k in a if k not in allowed]
        out += [f"authors[{i}].{k} must be a non-empty string" for k, v in a.items() if not text(v)]
        if not a:
            out.append(f"authors[{i}] is empty")
    return out


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "CITATION.cff"
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    found = problems(doc)
    for p in found:
        print(f"{path}: {p}")
    broken = {
        "no title": lambda d: d.pop("title"),
        "unknown key": lambda d: d.update({"citation": "x"}),
        "invented doi": lambda d: d.update({"doi": "https://doi.org/xyz"}),
        "bad author key": lambda d: d["authors"][0].update({"surname": "X"}),
        "version 1.1.0": lambda d: d.update({"cff-version": "1.1.0"}),
    }
    for name, spoil in broken.items():
        d = copy.deepcopy(doc)
        spoil(d)
        if not problems(d):
            print(f"check-citation: the check accepts a copy with {name}: it cannot fail")
            found.append(name)
    if found:
        sys.exit(1)
    print(f"{path}: valid CITATION.cff 1.2.0 ({len(broken)} broken copies rejected)")


if __name__ == "__main__":
    main()
