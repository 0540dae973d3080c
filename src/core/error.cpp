#include "core/error.hpp"

#include <utility>

namespace policymap::core {

Error::Error(ErrorKind kind, std::string code, std::string detail, std::vector<FieldProblem> fields)
    : std::runtime_error(detail),
      m_kind(kind),
      m_code(std::move(code)),
      m_detail(std::move(detail)),
      m_fields(std::move(fields)) {}

void throw_invalid(std::string code, std::string detail, std::vector<FieldProblem> fields) {
    throw Error(ErrorKind::invalid_input, std::move(code), std::move(detail), std::move(fields));
}

void throw_not_found(std::string code, std::string detail) {
    throw Error(ErrorKind::not_found, std::move(code), std::move(detail));
}

}  // namespace policymap::core
