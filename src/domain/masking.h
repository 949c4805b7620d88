// What may go out in a help request (信息发送渠道): the organisations asked do not see the
// case, so the text must not identify the applicant or their household. Pure.
//
// The text and what identifies the applicant are compared on a normalised form: full-width
// digits, letters and signs folded to ASCII, letters lower-cased, separators (spaces,
// '-', '.', '(', ')', '/', '_', '·', '、', '—' and the like) removed, Chinese numerals
// (〇一二…九, 零壹贰…玖) read as digits, so that "138-1234-5678", "138 1234 5678",
// "１３８１２３４５６７８" and "一三八一二三四五六七八" are one phone number.
#pragma once
#include <string>
#include <string_view>

#include "domain/case.h"

namespace od {

// The normalised form described above (UTF-8 in, UTF-8 out).
std::string mask_normalise(std::string_view text);

// Empty when `text` may go out in a help request for case `c`; otherwise the reason. It
// may not hold: a run of six or more digits (an ID number, phone or account, however
// written), a run of four or five that ends an ID number or the phone (尾号), the applicant's or a household
// member's name or ID number, the phone, the address, or any fragment of the address of
// four or more characters that holds a digit and a place word (路 街 巷 号 弄 村 组
// 单元 室 楼 栋 幢), such as "幸福路12号" out of "古楼街道幸福路12号3单元401".
std::string mask_problem(const Case& c, std::string_view text);

}  // namespace od
