<?php
/* Several PHP processes on one database at once, as php-fpm's workers are: run by ctest
 * (preloaded, as under php-fpm). The parent starts N child PHP CLI processes with its own
 * FFI/opcache settings; together they take applications of distinct people, and all
 * apply for one shared person at the same moment. Then: every call OK, case numbers
 * unique and gapless, and the shared person has one case and one item (the others were
 * told "resubmission").
 *   php processes.php DISTRICT_FILE DB_FILE [PROCESSES [EACH]]
 * ONEDOOR_TEST_PG=<conninfo> runs it on PostgreSQL (needs the PostgreSQL store backend). */
require_once __DIR__ . '/Onedoor.php';

use Onedoor\Engine;

function fail(string $what): never
{
    fwrite(STDERR, "php processes: FAILED: $what\n");
    exit(1);
}

/* A synthetic resident ID with a valid GB 11643 check character (tests' synthetic_id). */
function synthetic_id(int $n): string
{
    $w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    $s = sprintf('371502%04d%02d%02d%03d', 1950 + $n % 50, 1 + intdiv($n, 50) % 12, 1 + intdiv($n, 600) % 28,
                 intdiv($n, 16800) % 1000);
    $sum = 0;
    for ($i = 0; $i < 17; ++$i) $sum += (int)$s[$i] * $w[$i];
    return $s . '10X98765432'[$sum % 11];
}

function config(string $district, string $db): array
{
    $pg = getenv('ONEDOOR_TEST_PG');
    return ['database' => $pg ? ['backend' => 'postgresql', 'conninfo' => $pg] : $db,
            'district_file' => $district, 'delivery' => ['workers' => 1]];
}

function intake(Engine $eng, int $person): array
{
    return $eng->call('intake', ['actor' => ['officer' => 'GL-001', 'unit' => 'town.gulou', 'role' => 'officer'],
        'applicant' => ['name' => '测试' . $person, 'id_number' => synthetic_id($person), 'hukou_town' => 'gulou'],
        'hardship' => '因病致贫', 'categories' => ['dibao']]);
}

/* A child: its own people first, then the shared one at the agreed moment. */
function child(array $argv): void
{
    [, , $district, $db, $first, $each, $shared, $at] = $argv;
    $eng = new Engine(config($district, $db));
    time_sleep_until((float)$at);
    try {
        for ($p = (int)$first; $p < (int)$first + (int)$each; ++$p) echo 'A ', intake($eng, $p)['case_id'], "\n";
        $r = intake($eng, (int)$shared);
        echo 'S ', $r['case_id'], ' ', $r['created'] ? 'created' : (($r['resubmission'] ?? false) ? 'resubmission' : '?'), "\n";
    } catch (\Throwable $e) {
        echo 'E ', $e->getMessage(), "\n";
    }
    $eng->close();
}

if (($argv[1] ?? '') === 'child') {
    child($argv);
    exit(0);
}

[$_, $district, $db] = $argv;
$procs = (int)($argv[3] ?? 6);
$each = (int)($argv[4] ?? 15);
$pg = getenv('ONEDOOR_TEST_PG');
$base = $pg ? random_int(1000000, 15000000) : 200000;  // a PostgreSQL database outlives the test
$shared = $base + $procs * $each;
if (!$pg && file_exists($db)) fail("$db exists: the test wants a fresh database");
(new Engine(config($district, $db)))->close();

// the children run as this process does: same FFI and opcache (preload) settings
$php = [PHP_BINARY];
foreach (['ffi.enable', 'ffi.preload', 'opcache.enable_cli', 'opcache.preload', 'opcache.preload_user'] as $key) {
    $v = ini_get($key);
    if ($v !== false && $v !== '') $php = array_merge($php, ['-d', "$key=$v"]);
}
$at = microtime(true) + 2.0;  // every child open and waiting by then
$children = [];
for ($i = 0; $i < $procs; ++$i) {
    $cmd = array_merge($php, [__FILE__, 'child', $district, $db, (string)($base + $i * $each), (string)$each,
                              (string)$shared, sprintf('%.3f', $at)]);
    $proc = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    if ($proc === false) fail('cannot start a child');
    $children[] = [$proc, $pipes];
}
$cases = [];
$sharedAnswers = [];
foreach ($children as $i => [$proc, $pipes]) {
    $out = stream_get_contents($pipes[1]);
    $err = stream_get_contents($pipes[2]);
    $status = proc_close($proc);
    if ($status !== 0) fail("child $i exited with $status: $err");
    foreach (explode("\n", trim($out)) as $line) {
        if (str_starts_with($line, 'A ')) $cases[] = substr($line, 2);
        elseif (str_starts_with($line, 'S ')) $sharedAnswers[] = explode(' ', $line);
        else fail("child $i: $line $err");
    }
}
if (count($cases) !== $procs * $each) fail('only ' . count($cases) . ' of ' . $procs * $each . ' applications taken');
$serials = array_map(fn($id) => (int)substr($id, strrpos($id, '-') + 1), $cases);
$sharedCase = array_unique(array_column($sharedAnswers, 1));
if (count($sharedCase) !== 1) fail('the shared person got ' . count($sharedCase) . ' cases');
$serials[] = (int)substr($sharedCase[0], strrpos($sharedCase[0], '-') + 1);
sort($serials);
if (count(array_unique($serials)) !== count($serials)) fail('a case number was given twice');
if ($serials[count($serials) - 1] - $serials[0] + 1 !== count($serials)) fail('case numbers have a gap');
if (!$pg && $serials[0] !== 1) fail('case numbers start at ' . $serials[0]);
$how = array_count_values(array_column($sharedAnswers, 2));
if (($how['created'] ?? 0) !== 1 || ($how['resubmission'] ?? 0) !== $procs - 1)
    fail('the shared person: ' . json_encode($how));

$eng = new Engine(config($district, $db));
$district_actor = ['officer' => 'D-1', 'unit' => 'district', 'role' => 'officer'];
$list = $eng->call('case.list', ['actor' => $district_actor, 'applicant_id' => synthetic_id($shared)]);
if ($list['count'] !== 1 || count($list['cases'][0]['items']) !== 1) fail('the shared person: ' . json_encode($list));
printf("php processes: %d processes, %d applications, case numbers %d..%d, the shared person once\n",
       $procs, count($serials), $serials[0], $serials[count($serials) - 1]);
