// Disclosure publications (公示): each list published, with its period, place and
// publisher, and the rows exactly as published. A trigger refuses any later change.
#include "store/sqlite_tx.h"

namespace od {
namespace {

PublicationRow read_publication(Statement& s, bool with_rows) {
  PublicationRow p;
  p.seq = s.int64(0);
  p.id = s.text(1);
  p.period_from = s.opt_int64(2);
  p.period_to = s.opt_int64(3);
  p.town = s.text(4);
  p.place = s.text(5);
  p.title = s.text(6);
  p.actor_json = s.text(7);
  p.published_at = s.int64(8);
  p.row_count = s.int64(9);
  if (with_rows) p.rows_json = s.text(10);
  return p;
}

}  // namespace

void SqliteTx::add_publication(const PublicationRow& p) {
  Statement s = db_.prepare(
      "INSERT INTO publications(id, period_from, period_to, town, place, title, actor, published_at, row_count, rows) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  s.bind(1, p.id).bind(2, p.period_from).bind(3, p.period_to).bind(4, p.town).bind(5, p.place).bind(6, p.title);
  s.bind(7, p.actor_json).bind(8, p.published_at).bind(9, p.row_count).bind(10, p.rows_json);
  s.run();
}

std::optional<PublicationRow> SqliteTx::publication(const std::string& id) {
  Statement s = db_.prepare(
      "SELECT seq, id, period_from, period_to, town, place, title, actor, published_at, row_count, rows "
      "FROM publications WHERE id = ?1");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return read_publication(s, true);
}

std::vector<PublicationRow> SqliteTx::publications(int64_t limit) {
  Statement s = db_.prepare(
      "SELECT seq, id, period_from, period_to, town, place, title, actor, published_at, row_count, '' "
      "FROM publications ORDER BY seq DESC LIMIT ?1");
  s.bind(1, limit);
  std::vector<PublicationRow> out;
  while (s.step()) out.push_back(read_publication(s, false));
  return out;
}

}  // namespace od
