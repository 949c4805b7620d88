<?php
/*
 * onedoor for PHP, through FFI (PHP >= 7.4, ffi extension; no compiled extension).
 *
 *   $eng = new Onedoor\Engine(['database' => 'district.db', 'district_file' => '...']);
 *   $case = $eng->call('intake', ['actor' => [...], 'applicant' => [...], ...]);
 *
 * Requests are arrays (sent as UTF-8 JSON), responses come back as arrays, and a status
 * other than OK throws Onedoor\Error carrying the error document's code, message and
 * field. Every response the library returns is copied and handed back to od_free.
 *
 * The C declarations come from onedoor_ffi.h, the build's preprocessed header:
 *   - under php-fpm, preload.php loads it once (FFI::load) and requests use
 *     FFI::scope("onedoor"); ffi.enable=preload allows nothing else;
 *   - on the command line it is loaded from ONEDOOR_FFI_HEADER or the installed path.
 * PHP strings are bytes: keep the portal's text in UTF-8 (the library refuses anything
 * else with INVALID naming the field).
 */
namespace Onedoor;

final class Error extends \RuntimeException
{
    public function __construct(
        public readonly int $status,
        public readonly string $statusName,
        string $message,
        public readonly ?string $field,
        public readonly array $document
    ) {
        parent::__construct($statusName . ': ' . $message . ($field !== null ? " (field $field)" : ''), $status);
    }
}

final class Engine
{
    public const HEADER = '/usr/include/onedoor/onedoor_ffi.h';
    private \FFI $ffi;
    private $handle;

    /** The FFI instance: the preloaded scope if there is one, else the header loaded now. */
    public static function ffi(): \FFI
    {
        static $ffi = null;
        if ($ffi === null) {
            try {
                $ffi = \FFI::scope('onedoor');
            } catch (\FFI\Exception $e) {
                $header = getenv('ONEDOOR_FFI_HEADER') ?: self::HEADER;
                $ffi = \FFI::load($header);
                if ($ffi === null) throw new \RuntimeException("cannot load $header");
            }
        }
        return $ffi;
    }

    public static function version(): string
    {
        return self::ffi()->od_version();
    }

    public function __construct(array|string $config)
    {
        $this->ffi = self::ffi();
        $handle = $this->ffi->new('od_engine*');
        $error = $this->ffi->new('char*');
        $status = $this->ffi->od_open(self::encode($config), \FFI::addr($handle), \FFI::addr($error));
        $text = $this->take($error);
        if ($status !== $this->ffi->OD_OK) $this->fail($status, $text);
        $this->handle = $handle;
    }

    /** Runs one operation; returns the response as an array or throws Error. */
    public function call(string $operation, array|string $request = []): array
    {
        if ($this->handle === null) throw new Error(10, 'MISUSE', 'the engine is closed', null, []);
        $out = $this->ffi->new('char*');
        $status = $this->ffi->od_call($this->handle, $operation, self::encode($request), \FFI::addr($out));
        $text = $this->take($out);
        if ($status !== $this->ffi->OD_OK) $this->fail($status, $text);
        return json_decode($text, true, 512, JSON_THROW_ON_ERROR);
    }

    public function close(): void
    {
        if ($this->handle !== null) {
            $this->ffi->od_close($this->handle);
            $this->handle = null;
        }
    }

    public function __destruct()
    {
        $this->close();
    }

    private static function encode(array|string $doc): string
    {
        if (is_string($doc)) return $doc;
        // an empty PHP array would encode as [], the library wants an object
        return $doc === [] ? '{}' : json_encode($doc, JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR);
    }

    /** Copies a document the library returned and frees it with od_free. */
    private function take($ptr): ?string
    {
        if (\FFI::isNull($ptr)) return null;
        $text = \FFI::string($ptr);
        $this->ffi->od_free($ptr);
        return $text;
    }

    private function fail(int $status, ?string $text): never
    {
        $doc = $text !== null ? (json_decode($text, true) ?? []) : [];
        $err = $doc['error'] ?? [];
        throw new Error($status, $err['code'] ?? $this->ffi->od_status_name($status),
                        $err['message'] ?? '', $err['field'] ?? null, $doc);
    }
}
