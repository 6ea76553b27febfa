## El informe de la importación masiva (la página de los moderadores /review/import;
## app/src/web/import.rs y app/src/import/). El resultado de cada fila, como lo muestra la columna "Resultado".

import-report-ready = Listo
import-report-not-written = No se guardó
import-report-created = Creado
import-report-unchanged = Importado antes, sin cambios
import-report-changed = Importado antes con otro contenido (marque "Aplicar los cambios" para actualizarlo)
import-report-updated = Actualizado
# $why es import-report-duplicate-of-deal o import-report-duplicate-of-line.
import-report-duplicate = No se importó: { $why } (marque "Importar también los posibles duplicados" si es un acuerdo distinto)
# $fields: los códigos de los campos cambiados en ambos lados ("amount, status").
import-report-conflicted = No se actualizó: el acuerdo también se corrigió en el sitio después de importarse ({ $fields }). Cámbielo en el sitio.
# $path: la dirección del acuerdo en el sitio ("/es/deals/12").
import-report-duplicate-of-deal = posible duplicado de { $path }: mismo gobierno, empresa, año y monto
import-report-duplicate-of-line = posible duplicado de la línea { $line } de este archivo: mismo gobierno, empresa, año y monto

## Por qué no se pudo aplicar una fila cambiada a su acuerdo. $reason es uno de los textos que siguen.

import-report-update-failed = No se pudo actualizar el acuerdo { $id } ({ $reason }).
import-report-update-not-found = no se encontró
import-report-update-forbidden = no está permitido
import-report-update-invalid = la combinación de cambios no es válida
import-report-update-decided = ya se resolvió
import-report-update-withdrawn = fue retirado

## Por qué falló una fila.

import-report-same-row = La misma fila (id externo { $id }) ya está en la línea { $line }.
import-report-not-a-company = "{ $name }" no es una empresa de Amazon que el sitio conozca.
# $list: los gobiernos encontrados, separados por punto y coma.
import-report-several-governments = "{ $name }" coincide con varios gobiernos ({ $list }); agregue una columna GEOIDFQ o LEAID para indicar cuál.
import-report-several-agency = El organismo otorgante "{ $name }" coincide con varios gobiernos ({ $list }); agregue una columna GEOIDFQ o LEAID para indicar cuál.
import-report-several-city = La ciudad "{ $name }" coincide con varios gobiernos ({ $list }); agregue una columna GEOIDFQ o LEAID para indicar cuál.
import-report-several-county = El condado "{ $name }" coincide con varios gobiernos ({ $list }); agregue una columna GEOIDFQ o LEAID para indicar cuál.
# $column: la columna del archivo (geoidfq, leaid, ocd_id); $value: lo que tiene la fila en ella.
import-report-no-such-identifier = Ningún gobierno tiene el { $column } "{ $value }".
import-report-state-missing = Falta el estado.
import-report-not-a-state = "{ $state }" no es un estado de EE. UU.
import-report-government-missing = Falta el gobierno.
# $state: el código de dos letras del estado.
import-report-no-such-government = No hay ningún gobierno llamado "{ $name }" en { $state }.

## Lo que reemplaza a las celdas vacías en la descripción de una fila.

# Una fila del formato propio del sitio sin título: siguen su gobierno y su estado.
import-report-no-title = (sin título) { $government }, { $state }
import-report-subsidy = Subsidio
import-report-no-company = (sin empresa)

## Cómo se encontró el gobierno de una fila (entre paréntesis, después del nombre del gobierno).

import-report-rule-identifier = por su identificador
import-report-rule-government-name = por el nombre del gobierno
import-report-rule-agency-is-state = el organismo otorgante es el estado
import-report-rule-agency-names-government = el organismo otorgante lo nombra
import-report-rule-city = la ciudad es un gobierno
import-report-rule-county = por el condado
import-report-rule-state = por el estado (no coincidió nada más específico)

## Cómo se leyó el archivo ("Leído como …").

import-report-format-tracker = el CSV propio del sitio
import-report-format-good-jobs-first = una exportación de Subsidy Tracker de Good Jobs First

## Los totales del informe.

import-report-summary-written = { $created ->
        [one] { $created } acuerdo creado
       *[other] { $created } acuerdos creados
    }, { $updated ->
        [one] { $updated } actualizado
       *[other] { $updated } actualizados
    }, { $unchanged ->
        [one] { $unchanged } ya importado
       *[other] { $unchanged } ya importados
    }, { $failed ->
        [one] { $failed } fila con errores
       *[other] { $failed } filas con errores
    }.
import-report-summary-blocked = { $failed ->
        [one] { $failed } de { $rows } filas tiene problemas
       *[other] { $failed } de { $rows } filas tienen problemas
    }. No se guardará nada hasta que se corrijan, o marque "Importar las filas correctas".
import-report-summary-ready = { $ready ->
        [one] { $ready } fila lista para importar
       *[other] { $ready } filas listas para importar
    }; { $failed } con problemas. No se guarda nada hasta que presione Importar.

# Archivos de la columna source_files ($file es la ruta tal como aparece en el archivo).
import-files-no-folder = { $file }: indique la carpeta de estos archivos con --files-from DIR (los archivos solo se importan desde la línea de órdenes).
import-files-outside = { $file }: nombre un archivo dentro de la carpeta de --files-from (sin rutas absolutas ni "..").
import-files-missing = { $file }: no existe ese archivo en la carpeta de --files-from.
import-files-too-large = { $file }: pesa más de { $mb } MB, el máximo que guarda el sitio.
import-files-not-stored = { $file }: no se pudo guardar; no se escribió nada. Revise la carpeta de documentos.
