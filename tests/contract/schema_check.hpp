// A small JSON Schema (draft 2020-12) checker: the keywords the `operations` operation
// uses (type, enum, anyOf, properties, required, additionalProperties, items, maxItems,
// minLength, maxLength, pattern, minimum, maximum), enough to check that the schemas
// accept the requests the test suite sends. Debian ships no C++ validator, and the
// tests must not need Python's jsonschema.
#pragma once
#include <boost/json.hpp>
#include <string>

// "" when `v` satisfies `schema`, otherwise the first problem with its path.
std::string schema_problem(const boost::json::value& schema, const boost::json::value& v, const std::string& path = "$");
