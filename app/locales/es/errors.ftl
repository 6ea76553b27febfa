## Lo que salió mal, según el código que envía el sitio (AppError). Cada mensaje dice qué hacer a continuación.

error-not-found = No pudimos encontrar lo que buscaba. Revise el enlace o busque el lugar desde la página de inicio.
error-unauthenticated = Primero inicie sesión.
error-forbidden = Su cuenta no tiene permiso para hacer eso. Si cree que debería tenerlo, consulte a un moderador.
error-invalid = Algunos campos necesitan atención; vea las notas junto a ellos.
error-handle-taken = Ese nombre de usuario ya está en uso. Elija otro.
error-bad-credentials = El nombre de usuario y la contraseña no coinciden. Revise ambos e intente de nuevo.
error-busy = El sitio está muy ocupado en este momento. Espere unos segundos e intente de nuevo.
error-bad-request = No se entendió la solicitud. Vuelva a cargar la página e intente de nuevo.
error-moved = Esta página cambió de dirección.
error-conflict = Alguien cambió este acuerdo después de que usted lo abrió, en campos que usted también cambió. Los demás cambios de esa persona se conservan; para cada campo de abajo, elija qué valor conservar y vuelva a guardar.
error-conflict-approval = El acuerdo cambió después de que se hizo esta edición, en campos que la edición también cambia. Elija qué valor conservar en cada uno y vuelva a aprobar.
error-already-decided = Otro moderador ya resolvió este cambio. La cola muestra lo que sigue pendiente.
error-gone = Este acuerdo fue retirado.
error-rate-limited = { $minutes ->
    [one] Demasiados intentos en poco tiempo. Espere un minuto e intente de nuevo.
   *[other] Demasiados intentos en poco tiempo. Espere { $minutes } minutos e intente de nuevo.
}
error-internal = Algo salió mal de nuestro lado. Intente de nuevo; si sigue ocurriendo, avísenos.
error-too-large = Ese formulario es demasiado grande para aceptarlo.
error-not-a-form = Envíe el formulario como application/x-www-form-urlencoded.
error-cross-site = Este formulario se envió desde otro sitio web, por lo que se rechazó. Abra este sitio directamente e intente de nuevo.
error-search-too-slow = Esa búsqueda tardó demasiado. Agregue otra palabra o un filtro.
error-no-such-place = Ese lugar no existe. Revise la dirección.
error-no-such-deal = No hay ningún acuerdo publicado con ese número.
error-download-preparing = La descarga se está preparando. Intente de nuevo en un minuto.
error-page-too-large = Esta página es demasiado grande para mostrarla. Acote los resultados con un filtro.
error-duplicate-suspected = Puede que esto ya esté registrado. Revise los acuerdos de abajo; si el suyo es diferente, guárdelo de todos modos.

## El formulario del acuerdo.

deal-title-missing = Dé al acuerdo un título breve, p. ej., "Contrato de servicios en la nube de AWS".
deal-kind-missing = Elija qué tipo de acuerdo es.
deal-government-missing = Indique el gobierno que celebró el acuerdo, p. ej., "Arlington County, VA".
deal-government-unknown = No encontramos "{ $typed }". Escríbalo como nombre y estado, p. ej., "Oakland, CA" o "Arlington County, VA", o elija una de las sugerencias.
deal-government-ambiguous = Varios gobiernos tienen ese nombre. Escriba exactamente uno de estos: { $options }.
deal-company-missing = Elija qué empresa de Amazon es la otra parte.
deal-amount-and-undisclosed = Escriba un monto o marque "Monto no divulgado", pero no ambas cosas.
deal-basis-missing = Indique si el monto es un tope, una estimación o lo que se pagó efectivamente.
deal-ends-before-start = La fecha de fin es anterior a la fecha de inicio.
deal-status-missing = Elija en qué situación está el acuerdo.
deal-jobs-invalid = Escriba el número de empleos prometidos como número entero, p. ej., 1500.
deal-sources-missing = Cite al menos una fuente: un enlace al documento, o su título y su emisor.
source-title-missing = Una fuente sin enlace necesita un título.
source-publisher-missing = Una fuente sin enlace necesita un emisor (quién la emitió).
field-too-long = Este campo debe tener menos de { $max } caracteres.
link-too-long = Ese enlace es demasiado largo (más de 2,000 caracteres).
link-not-web = Use un enlace web que empiece con http:// o https://.
link-not-address = Eso no es una dirección web. Pegue el enlace completo, que empieza con https://.
date-invalid = "{ $typed }" no es una fecha. Escriba un año (2023), un año y un mes (2023-05) o una fecha completa (2023-05-17).
date-year-range = El año { $year } está fuera de rango; use un año entre 1900 y 2100.
date-month-invalid = No existe el mes { $month }; los meses van del 1 al 12.
date-day-invalid = No existe el { $day } de { $month ->
    [1] enero
    [2] febrero
    [3] marzo
    [4] abril
    [5] mayo
    [6] junio
    [7] julio
    [8] agosto
    [9] septiembre
    [10] octubre
    [11] noviembre
   *[12] diciembre
} de { $year }.
money-missing = Escriba un monto en dólares o marque "Monto no divulgado".
money-negative = Un monto no puede ser negativo.
money-invalid = "{ $typed }" no es un monto. Escríbalo así: $23,000,000 o 1.5 millones.
money-cents = Use como máximo dos dígitos después del punto decimal (centavos).
money-too-large = Ese monto es mayor que el de cualquier acuerdo que este sitio pueda registrar; revise los dígitos.

## Cuentas.

handle-length = Elija un nombre de usuario de 3 a 32 caracteres.
handle-characters = Use solo letras, dígitos, - y _ en su nombre de usuario.
password-short = Use al menos { $min } caracteres; una frase corta es lo más fácil de recordar.
password-long = Use como máximo 256 caracteres.
password-mismatch = Las dos contraseñas no coinciden.
password-wrong-current = Esa no es su contraseña actual.
password-wrong = Esa no es su contraseña.
role-invalid = Elija colaborador, moderador o administrador.

## Revisión, informes, vínculos y gobiernos propuestos.

reason-missing = Indique un motivo; lo verán el autor y el historial público.
reason-too-long = El motivo debe tener menos de 2,000 caracteres.
revert-unconfirmed = Marque la casilla para confirmar: revertir reemplaza lo que ve el público.
duplicate-of-invalid = Indique el número del acuerdo que se conserva (p. ej., 42) o pegue su enlace.
duplicate-of-unknown = No hay ningún acuerdo publicado y no retirado con ese número (y un acuerdo no puede ser duplicado de sí mismo).
report-kind-missing = Elija cuál es el problema.
report-note-missing = Explique cuál es el problema en una o dos oraciones (menos de 2,000 caracteres).
link-other-invalid = Escriba el número del otro acuerdo, p. ej., 42 (aparece en su dirección, /es/deals/42).
link-impossible = No se puede crear ese vínculo: revise el número del acuerdo (un acuerdo publicado, no este) y el tipo.
proposal-name-invalid = Indique el nombre completo del gobierno, p. ej., "Port of Seattle".
proposal-kind-missing = Elija qué tipo de gobierno es.
proposal-note-missing = Indique dónde consta su creación (una ley, una carta constitutiva o una página oficial), para que un moderador pueda comprobarlo.
proposal-state-missing = Elija el estado.
proposal-parent-invalid = Indique el condado o la ciudad a la que pertenece, en el mismo estado, p. ej., "King County, WA"; o deje el campo vacío.

## Filtros para explorar.

filter-query-too-long = La búsqueda debe tener menos de { $max } caracteres.
filter-state-invalid = Use el código de dos letras del estado, p. ej., VA.
filter-place-invalid = Esa dirección de lugar no es válida; vuelva a elegir el lugar.
filter-place-unknown = No reconocemos ese lugar; vuelva a elegirlo.
filter-kind-invalid = "{ $value }" no es un tipo de acuerdo.
filter-status-invalid = "{ $value }" no es una situación de acuerdo.
filter-company-invalid = Elija una empresa de Amazon de la lista.
filter-disclosed-invalid = Elija sí o no.
filter-sort-invalid = Ordene por más recientes, monto, aprobación o relevancia.
filter-max-below-min = El monto máximo es menor que el mínimo.
filter-to-before-from = La fecha de fin es anterior a la fecha de inicio.

## Búsqueda.

search-empty = Busque una palabra, p. ej., "abatement" (reducción de impuestos) o "Ring".
search-words-too-short = Use al menos una palabra de tres letras o más.

## Importación de una hoja de cálculo.

import-moderators-only = Solo los moderadores pueden importar archivos.
import-upload-unreadable = No se pudo leer el archivo subido. Intente de nuevo con un archivo CSV de menos de 16 MB.
import-choose-file = Elija un archivo CSV para revisar.
import-not-utf8 = El archivo no es texto UTF-8. Guárdelo desde su hoja de cálculo como "CSV UTF-8" e intente de nuevo.
import-not-csv = El archivo no es un CSV que el importador pueda leer: { $detail }
import-unknown-format = El encabezado no coincide con ningún formato que el importador conozca. Use las columnas de la exportación del propio sitio (title, kind, government, state …) o una exportación de Subsidy Tracker de Good Jobs First (Company, Year, State, Subsidy Value, Type of Subsidy …).
import-empty = El archivo no tiene filas.
import-not-written = No se pudo guardar la importación en este momento; no se guardó nada. Intente de nuevo y, si vuelve a ocurrir, avísenos.

## Events of a deal

event-kind-missing = Elija qué tipo de evento es (una audiencia, una votación, un plazo…) o borre los campos del evento.
event-date-missing = Indique la fecha del evento.
event-date-invalid = "{ $typed }" no es una fecha. Use el selector de fecha o escríbala como 2027-03-14.
event-time-invalid = "{ $typed }" no es una hora. Escríbala como 18:30, o déjela vacía si dura todo el día.
event-zone-unknown = Elija una zona horaria de la lista.
event-outcome-unknown = Elija un resultado de la lista.
event-outcome-source-missing = Dé un enlace a lo que muestra el resultado (el acta, una noticia).
event-outcome-missing = Elija el resultado que muestra este enlace, o borre el enlace.
event-too-many = Un acuerdo puede tener como máximo { $max } eventos. Quite uno antes de añadir otro.
upcoming-kind-invalid = Elija un tipo de evento de la lista.
upcoming-window-invalid = Elija de la lista hasta cuándo mirar.
profile-empty = Indique al menos una cosa: un enlace al calendario de reuniones, cómo comentar o dónde pedir registros.
