/* test_capi: the public C API of onedoor, driven from C. */
#include <stdio.h>

#include "harness.h"

void t_version_and_status_names(void);
void t_null_arguments(void);
void t_open_errors(void);
void t_unknown_operation(void);
void t_durable_across_reopen(void);
void t_distribute(void);
void t_forward_hand_over_distribute(void);
void t_transfer(void);
void t_refer_social_org(void);
void t_emergency(void);
void t_major(void);
void t_undecidable_matter(void);
void t_pause_for_material(void);
void t_inquiry_and_channels(void);
void t_resubmission(void);
void t_household_member_merged(void);
void t_idempotency_key(void);
void t_allowed_together(void);
void t_supervisor_override(void);
void t_forbidden_access(void);
void t_outcomes_and_closing(void);
void t_archive_immutable(void);
void t_overdue_across_qingming(void);
void t_overdue_across_national_day(void);
void t_pagination(void);
void t_stats_and_disclosure(void);
void t_bad_input(void);
void t_receipt_time_zone(void);
void t_backdated_receipt(void);
void t_emergency_grantors(void);
void t_applicant_filter(void);
void t_deep_and_odd_json(void);
void t_system_clock_and_storage(void);
void t_overdue_inquiry_listed(void);
void t_cooperation_requests(void);
void t_local_governments(void);
void t_help_channel(void);
void t_help_masking(void);
void t_answerable_handler(void);
void t_opinion_before_feedback(void);
void t_referral_one_deadline(void);
void t_role_matrix(void);
void t_no_probing(void);
void t_calendar_years(void);
void t_provisional_deadline_fields(void);
void t_edges_refused(void);
void t_items_per_case_limit(void);
void t_duplicate_keys(void);

#define RUN(t) run_test(#t, t)

int main(void) {
  RUN(t_version_and_status_names);
  RUN(t_null_arguments);
  RUN(t_open_errors);
  RUN(t_unknown_operation);
  RUN(t_durable_across_reopen);
  RUN(t_distribute);
  RUN(t_forward_hand_over_distribute);
  RUN(t_transfer);
  RUN(t_refer_social_org);
  RUN(t_emergency);
  RUN(t_major);
  RUN(t_undecidable_matter);
  RUN(t_pause_for_material);
  RUN(t_inquiry_and_channels);
  RUN(t_resubmission);
  RUN(t_household_member_merged);
  RUN(t_idempotency_key);
  RUN(t_allowed_together);
  RUN(t_supervisor_override);
  RUN(t_forbidden_access);
  RUN(t_outcomes_and_closing);
  RUN(t_archive_immutable);
  RUN(t_overdue_across_qingming);
  RUN(t_overdue_across_national_day);
  RUN(t_pagination);
  RUN(t_stats_and_disclosure);
  RUN(t_bad_input);
  RUN(t_receipt_time_zone);
  RUN(t_backdated_receipt);
  RUN(t_emergency_grantors);
  RUN(t_applicant_filter);
  RUN(t_deep_and_odd_json);
  RUN(t_system_clock_and_storage);
  RUN(t_overdue_inquiry_listed);
  RUN(t_cooperation_requests);
  RUN(t_local_governments);
  RUN(t_help_channel);
  RUN(t_help_masking);
  RUN(t_answerable_handler);
  RUN(t_opinion_before_feedback);
  RUN(t_referral_one_deadline);
  RUN(t_role_matrix);
  RUN(t_no_probing);
  RUN(t_calendar_years);
  RUN(t_provisional_deadline_fields);
  RUN(t_edges_refused);
  RUN(t_items_per_case_limit);
  RUN(t_duplicate_keys);
  printf("%d passed, %d failed\n", g_passed, g_failed);
  return g_failed == 0 ? 0 : 1;
}
