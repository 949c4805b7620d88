<?php
/*
 * php-fpm preload for a portal that embeds onedoor. In the pool's php.ini:
 *
 *   ffi.enable = preload                                 ; FFI only from preloaded code
 *   ffi.preload = /usr/include/onedoor/onedoor_ffi.h     ; binds libonedoor.so.1 once
 *   opcache.enable = 1
 *   opcache.preload = /srv/portal/vendor/onedoor/preload.php   ; this file
 *   opcache.preload_user = www-data
 *
 * ffi.preload reads FFI_SCOPE "onedoor" and FFI_LIB "libonedoor.so.1" from the header
 * when the fpm master starts; every request then gets the bindings with
 * FFI::scope('onedoor') (Onedoor\Engine::ffi() does that) without parsing anything.
 * (FFI::load() in this file would do the same, but PHP refuses it together with
 * opcache.preload_user, which a master running as root needs.)
 * This file compiles the binding's class into the shared opcache.
 */
opcache_compile_file(__DIR__ . '/Onedoor.php');
