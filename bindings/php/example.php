<?php
/* The PHP example, run by ctest: open an engine, take an application at a town window,
 * route it to the town's office, read it back, and see a bad request refused.
 *   php example.php DISTRICT_FILE DB_FILE [expect-preloaded] */
require_once __DIR__ . '/Onedoor.php';

use Onedoor\Engine;
use Onedoor\Error;

function check(bool $ok, string $what): void
{
    if (!$ok) {
        fwrite(STDERR, "php: FAILED: $what\n");
        exit(1);
    }
}

[$_, $district, $database] = $argv;
if (($argv[3] ?? '') === 'expect-preloaded') {
    // under preload the scope exists before any request code runs
    check(\FFI::scope('onedoor') instanceof \FFI, 'the preloaded scope');
}
$ffi = Engine::ffi();
check($ffi->od_version_number() === $ffi->OD_VERSION_NUMBER, 'header and library versions agree');
// the constants survived the preprocessing: every status code has the right name
foreach (['OK', 'INVALID', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'ARCHIVED', 'TOO_LARGE', 'CONFIG',
          'STORAGE', 'NOMEM', 'MISUSE', 'UNKNOWN_OP', 'INTERNAL'] as $name) {
    $value = $name === 'OK' ? $ffi->OD_OK : $ffi->{"OD_ERR_$name"};
    check($ffi->od_status_name($value) === $name, "OD_ERR_$name = $value");
}

$gulou = ['officer' => 'GL-001', 'unit' => 'town.gulou', 'role' => 'officer'];
$eng = new Engine(['database' => $database, 'district_file' => $district, 'clock' => 'manual',
                   'clock_start' => '2026-03-02T09:00:00+08:00', 'delivery' => ['workers' => 0]]);
$taken = $eng->call('intake', ['actor' => $gulou,
    'applicant' => ['name' => '王明华', 'id_number' => '371502198001010018', 'hukou_town' => 'gulou'],
    'hardship' => '因病致贫', 'categories' => ['dibao']]);
$caseId = $taken['case_id'];
$routed = $eng->call('route', ['actor' => $gulou, 'item_id' => $taken['items'][0]['id'], 'type' => 'distribute']);
check($routed['item']['state'] === 'notified', 'routed item is notified');
check($routed['item']['holder'] === 'town.gulou.office', 'routed to the town office');
$case = $eng->call('case.get', ['actor' => $gulou, 'case_id' => $caseId]);
check($case['applicant']['name'] === '王明华', 'the name reads back in UTF-8');

try {
    $eng->call('intake', ['actor' => $gulou,
        'applicant' => ['name' => '王明华', 'id_number' => '371502198001010011', 'hukou_town' => 'gulou'],
        'hardship' => '因病致贫', 'categories' => ['dibao']]);
    check(false, 'a wrong check character was accepted');
} catch (Error $e) {
    check($e->status === $ffi->OD_ERR_INVALID && $e->field === 'applicant.id_number', "error: " . $e->getMessage());
}
try {
    $eng->call('no.such.operation');
    check(false, 'an unknown operation was accepted');
} catch (Error $e) {
    check($e->statusName === 'UNKNOWN_OP', 'unknown operation: ' . $e->getMessage());
}
$listed = $eng->call('case.list', ['actor' => $gulou]);
check(array_column($listed['cases'], 'id') === [$caseId], 'nothing else was registered');
$eng->close();
echo "php: $caseId routed to town.gulou.office, bad ID refused (", Engine::version(), ")\n";
