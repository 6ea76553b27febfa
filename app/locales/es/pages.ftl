## Todas las páginas: el encabezado del sitio, la navegación y el pie de página (app/src/pages/common.rs).

common-skip = Ir al contenido
common-nav-label = Principal
common-nav-places = Lugares
common-nav-deals = Todos los acuerdos
common-nav-upcoming = Próximamente
common-nav-record = Registrar un acuerdo
common-nav-review = Revisar
common-nav-accounts = Cuentas
# Seguido del nombre de usuario de la persona.
common-nav-signed-in-as = Sesión iniciada como
common-nav-sign-out = Cerrar sesión
common-sign-in = Iniciar sesión
common-nav-sign-up = Crear cuenta
common-footer = Registros públicos de lo que los gobiernos locales le dan a Amazon. Cada cifra enlaza a su fuente. ¿Algo está mal? Inicie sesión y registre una corrección.

## Montos: lo que se muestra cuando falta el monto, y la palabra después de un monto que dice qué significa.

common-not-disclosed = No divulgado
common-basis-maximum = máximo
common-basis-estimated = estimado
common-basis-actual-paid = pagado efectivamente

## Páginas de error.

common-please-sign-in = Inicie sesión
# Un enlace, seguido de common-unauth-after.
common-unauth-link = Inicie sesión
common-unauth-after = para ver esta página.
common-moved-title = Página trasladada
common-moved-heading = Esta página cambió de dirección
common-moved-link = Ir a su nueva dirección: { $to }
common-went-wrong = Algo salió mal

## La página de "no encontrada".

common-not-found-title = Página no encontrada · Amazon Contract Tracker
common-not-found-heading = No encontramos esa página
common-not-found-text = Es posible que el enlace esté mal escrito o que el lugar tenga una nueva dirección. Busque el lugar:
common-not-found-place-label = Nombre del lugar
common-place-placeholder = p. ej., Arlington County, VA
common-search = Buscar
common-go-home = Ir a la página de inicio

## Totales de un conjunto de acuerdos.

common-no-deals-yet = Aún no hay acuerdos registrados.
common-total-maximum = Hasta (topes de contratos)
common-total-estimated = Valor estimado
common-total-actual-paid = Pagado efectivamente
common-deal-count = { $count ->
    [one] { $count } acuerdo
   *[other] { $count } acuerdos
}
common-total-undisclosed = Monto no divulgado
# Después del número de acuerdos cuyo monto no es público.
common-undisclosed-sub = { $count ->
    [one] acuerdo sin cifra pública
   *[other] acuerdos sin cifra pública
}
common-by-kind-caption = Por tipo de acuerdo
common-col-disclosed = Montos divulgados
common-col-undisclosed = No divulgados

## Tablas de acuerdos.

common-none-yet = Aún no se ha registrado ninguno.
common-col-deal = Acuerdo
common-col-government = Gobierno
common-col-kind = Tipo
common-col-amount = Monto
common-col-date = Fecha
common-col-source = Fuente
common-unreviewed = aún sin revisar por un moderador
common-document = Documento
common-citation = Cita

## La página de inicio, / (app/src/pages/home.rs).

home-title = Amazon Contract Tracker: lo que los gobiernos locales le dan a Amazon
home-description = Contratos, subsidios, reducciones de impuestos y alianzas con la policía entre los gobiernos locales y Amazon, lugar por lugar, con los documentos fuente.
home-feed-title = Acuerdos nuevos y modificados
home-heading = ¿Qué le dio su gobierno a Amazon?
home-intro = Contratos de servicios en la nube, acuerdos de compras, subsidios para cámaras Ring, alianzas con la policía y reducciones de impuestos para almacenes y centros de datos: registrados por residentes, cada uno con su documento fuente.
home-place-label = Ciudad, condado, distrito escolar o estado
home-find = Buscar
home-across-site = En todo el sitio
home-totals = { $deals ->
    [one] { $deals } acuerdo registrado
   *[other] { $deals } acuerdos registrados
    } para { $governments ->
    [one] { $governments } gobierno
   *[other] { $governments } gobiernos
    }.
home-latest = Acuerdos más recientes
home-record = Registrar un acuerdo
home-browse-all = Explorar y buscar todos los acuerdos
# Seguido del comando, en código: tracker places load DIR.
home-no-places = Aún no se han cargado ciudades, condados ni distritos escolares, solo estados. Un administrador los carga con

## La búsqueda de lugares sin JavaScript, /search.

home-search-title = Buscar un lugar · Amazon Contract Tracker
home-search-heading = Buscar un lugar
home-no-match = Ningún gobierno coincide con "{ $query }". Pruebe solo con el nombre, p. ej., "Arlington", o agregue el estado: "Arlington, VA".

## Acerca de los datos, /about/data (app/src/pages/about.rs). Los nombres de columnas, los códigos, los nombres de archivos y las direcciones quedan como están.

about-title = Acerca de los datos · Amazon Contract Tracker
about-heading = Acerca de los datos
about-or = o
about-and = y
about-eg = p. ej.,
# Seguido de .csv, "o", .json.
about-download-add = Todas las listas de este sitio se pueden descargar: agregue
# Seguido de direcciones de ejemplo.
about-download-to = a un enlace de exploración, a la página de un lugar o a la de un estado, p. ej.,
about-download-rest = Un archivo contiene todos los acuerdos que coinciden, no solo una página. Solo se incluyen los acuerdos publicados; no se incluyen los que esperan revisión ni los retirados.
about-licence-heading = Licencia
# Seguido del nombre de la licencia (CC BY 4.0).
about-licence-before = Los datos se publican bajo la licencia
about-licence-after = Dé crédito a "Amazon Contract Tracker" y enlace a las páginas de los acuerdos que utilice.
about-csv-heading = Columnas del CSV
about-csv-text = UTF-8, separado por comas, con una fila de encabezado. Una celda que empezaría con = + - o @ empieza en cambio con un apóstrofo, para que las hojas de cálculo no la ejecuten como fórmula; el importador lo vuelve a quitar.
about-column = Columna
about-meaning = Significado

## Qué contiene cada columna del CSV.

about-col-id = El número del acuerdo; su página es /deals/{"{"}id{"}"}.
about-col-url = La página del acuerdo en este sitio.
about-col-title = Un título breve y sencillo.
about-col-kind = procurement_contract, cloud_contract, cooperative_purchasing, cash_grant, tax_abatement, tax_credit, tif, land_deal, loan, fee_waiver, infrastructure, device_subsidy, police_partnership u other.
about-col-status = proposed, approved, active, completed, cancelled, terminated o clawed_back.
about-col-government = El gobierno que otorga: el que paga, firma o concede (no el lugar donde está un edificio).
about-col-government-kind = state, county, place, township, school_district o special_district.
about-col-state = Código de dos letras del estado.
about-col-geoidfq = GEOID completo (fully-qualified) del gobierno según el Censo, p. ej., 0500000US51013.
about-col-leaid = Identificador NCES del distrito escolar, para los distritos escolares.
about-col-entity = La empresa de Amazon que es parte del acuerdo.
about-col-amount-usd = Dólares con centavos, p. ej., 23000000.00. Vacío cuando el monto no se divulgó: un monto vacío nunca significa cero.
about-col-amount-disclosed = yes o no. Un 0 divulgado (una alianza sin costo) es un valor real.
about-col-value-basis = maximum (un tope), estimated o actual_paid. No sume montos de bases distintas.
about-col-dates = Fechas conocidas hasta el año (2023), el mes (2023-05) o el día (2023-05-17).
about-col-agency-program = El organismo o dependencia que lo otorga, y el programa, tal como los nombran las fuentes.
about-col-jobs-promised = Empleos prometidos a cambio, cuando se indican.
about-col-facility = El proyecto o la instalación (p. ej., Project Rex) y dónde está.
about-col-description = Qué ocurrió, en palabras sencillas.
about-col-sources = Las fuentes, una entrada por fuente en cada columna, en el mismo orden, separadas por " | " (vacía cuando una fuente no tiene esa parte, p. ej., un documento sin enlace). El importador también lee archivos anteriores con source_citations ("title (publisher)"). Al importar, source_files nombra el documento de cada fuente, como ruta dentro de la carpeta dada con `tracker import --files-from DIR`. Las exportaciones no la incluyen: un documento guardado está en /documents/ y su SHA-256.
about-col-recorded-updated = Cuándo se registró el acuerdo por primera vez y cuándo cambió por última vez (UTC).

## JSON, SQLite y OCDS.

about-json-heading = Estructura del JSON
about-sqlite-heading = Todo el conjunto de datos como base de datos
about-sqlite-download = Descargar tracker-public.sqlite
about-sqlite-text = todos los acuerdos publicados, sus fuentes y revisiones aprobadas, las jurisdicciones y las empresas de Amazon, y los nombres públicos de los colaboradores, en un solo archivo SQLite para Datasette, cuadernos (notebooks) o cualquier herramienta SQL. No se incluyen las cuentas, las sesiones, los informes ni nada que esté en espera de revisión. Se vuelve a generar en menos de un minuto después de cada cambio.
about-ocds-heading = Estándar de Datos para las Contrataciones Abiertas (OCDS)
# Después de la dirección /ocds/releases.json; seguido de un enlace a la página de exploración.
about-ocds-package = es un paquete de entregas (release package) OCDS 1.1 con todos los acuerdos publicados, y acepta los mismos filtros que la
about-ocds-browse-page = página de exploración
# Después de la dirección /deals/{id}/ocds.json.
about-ocds-record = es un paquete de registros (record package) de un acuerdo: cada revisión aprobada como una entrega (release), la entrega compilada (compiled release) y la entrega versionada (versioned release), que muestra cómo cambió cada campo.
# Se muestra en el patrón ocds-amzntr-{número del acuerdo}.
about-ocid-deal-id = número del acuerdo
about-ocid-note = (el prefijo no está registrado en OCDS).
# Seguido del rol buyer.
about-ocds-party = El gobierno es una parte con los roles
# Después del rol funder; seguido del esquema US-CENSUS-GEOIDFQ.
about-ocds-funder = para subvenciones, reducciones de impuestos y otros subsidios); su identificador es el GEOIDFQ del Censo (esquema
# Seguido del esquema US-NCES-LEAID.
about-ocds-leaid = o, para los distritos escolares, el LEAID del NCES (
# Seguido del rol supplier.
about-ocds-supplier = La empresa de Amazon es
# Después del rol payee.
about-ocds-payee = para los subsidios). Cada acuerdo es una adjudicación (award) y un contrato (contract); las fuentes son documentos del contrato.
# Seguido del nombre del campo value.
about-ocds-no-value = Un monto no divulgado no tiene el campo
about-ocds-no-value-after = en absoluto, nunca 0. Las fechas parciales (un año, un mes) pasan a ser el primer día de ese período.
# Seguido del nombre de la extensión, amazonTracker.
about-ocds-extension = La extensión
# Seguido de la lista de campos de la extensión.
about-ocds-extension-carries = de cada entrega (release) contiene lo que el núcleo de OCDS no tiene como campo:
# Followed by the field name sha256.
about-ocds-kept = Una fuente cuyo documento guarda el sitio tiene un segundo documento, el archivo guardado, con su huella en
# Followed by the extension's address.
about-ocds-declared = Cada paquete enumera la extensión que declara estos campos:
about-ocds-extension-kind = (los tipos de acuerdo de este sitio),

## Feeds.

about-feeds-heading = Feeds
# Seguido de un enlace (about-feeds-follow) y luego "): /feed.atom".
about-feeds-intro = Los acuerdos nuevos y los cambios aprobados, como feeds Atom (
about-feeds-follow = cómo seguirlos
about-feeds-site = para todo el sitio,
about-feeds-state = para un estado,
about-feeds-government = para un gobierno y
about-feeds-browse = para cualquier vista de exploración.

## Importar archivos de Good Jobs First. Sus nombres de columnas ("Type of Subsidy", Program Name, Notes) y las palabras que se buscan quedan en inglés.

about-gjf-heading = Importar archivos de Good Jobs First
about-gjf-type = Las filas de una exportación del Subsidy Tracker de Good Jobs First toman su tipo de la columna "Type of Subsidy":
about-kind = Tipo
about-gjf-words = Cuando el tipo no dice nada más específico (cualquier otro valor, o "megadeal"), deciden las columnas Program Name y Notes, por palabras completas:
# words: las palabras que indican policía, tal como se buscan; seguido del código police_partnership.
about-gjf-with-police = ; además con { $words } →
about-gjf-neighbors = neighbors o portal con police o sheriff →
about-gjf-otherwise = en cualquier otro caso
# Seguido de la opción --update.
about-gjf-reimport = Si un archivo se vuelve a importar después de un cambio en estas reglas, las filas cuyo tipo cambia aparecen como cambios (que se aplican con
about-gjf-reimport-after = nunca como acuerdos nuevos.

## Correcciones.

about-corrections-heading = Correcciones
about-corrections-before = ¿Encontró un error? Inicie sesión, abra el acuerdo y elija
about-corrections-correct = Corregir este acuerdo
about-corrections-middle = (un moderador revisa el cambio) o
about-corrections-report = Informar un problema
about-corrections-after = Cada cambio se conserva en el historial público del acuerdo.

## Crear una cuenta e iniciar sesión, /signup y /login (app/src/pages/auth.rs).

auth-signup-title = Crear una cuenta · Amazon Contract Tracker
auth-create-account = Crear una cuenta
auth-signup-intro = Su nombre de usuario es el único nombre que se muestra públicamente. No se usa correo electrónico: guarde su contraseña en un lugar seguro.
auth-handle = Nombre de usuario
auth-handle-hint = De 3 a 32 letras, dígitos, - o _.
auth-password = Contraseña
auth-password-hint = Al menos 12 caracteres. Una frase corta funciona bien.
auth-password-again = Repita la contraseña
auth-create-account-button = Crear cuenta
# Seguido de un enlace para iniciar sesión.
auth-have-account = ¿Ya tiene una cuenta?
auth-sign-in-link = Inicie sesión
auth-login-title = Iniciar sesión · Amazon Contract Tracker
auth-sign-in = Iniciar sesión
auth-sign-in-to-continue = Inicie sesión para continuar.
# Seguido de un enlace para crear una cuenta.
auth-new-here = ¿Es la primera vez que viene?

## La página de la cuenta, /account (app/src/pages/account.rs).

account-title = Su cuenta · Amazon Contract Tracker
account-heading = Su cuenta
# role: el rol de la cuenta (colaborador, moderador, administrador).
account-signed-in-as = Sesión iniciada como { $handle } ({ $role }).
account-password-changed = Se cambió su contraseña. Se cerró la sesión en los demás dispositivos.
account-submissions = Sus aportes
account-no-submissions = Aún no ha registrado ni cambiado ningún acuerdo.
account-revision = revisión { $number }
account-state-published = publicado
account-state-pending = en espera de revisión
account-state-rejected = no aceptado
account-state-merged = publicado, combinado con cambios posteriores
account-state-superseded = reemplazado por su versión más reciente
# Seguido del motivo que dio el moderador.
account-moderator = Moderador:
account-reports = Problemas que informó
account-no-reports = No ha informado ningún problema con un acuerdo.
account-reported-on = informado el { $date }
account-report-resolved = resuelto
account-report-open = abierto
# Seguido de lo que escribió el moderador.
account-resolved-by = El { $date }, un moderador escribió:
account-change-password-heading = Cambiar su contraseña
account-current-password = Contraseña actual
account-new-password = Contraseña nueva
account-new-password-again = Repita la contraseña nueva
account-change-password = Cambiar contraseña
account-delete-heading = Eliminar su cuenta
account-delete-text = Se elimina su nombre de usuario. Todos los acuerdos y cambios que hizo se conservan, y se muestran como hechos por "usuario eliminado".
account-your-password = Su contraseña
account-delete-button = Eliminar mi cuenta
# Un enlace, seguido de account-sign-in-after.
account-sign-in-link = Inicie sesión
account-sign-in-after = para ver su cuenta.

## La lista de cuentas para administradores, /admin/users.

account-admin-title = Cuentas · Amazon Contract Tracker
account-admin-heading = Cuentas
account-col-handle = Nombre de usuario
account-col-since = Desde
account-col-role = Rol
account-role-of = Rol de { $handle }
account-change-role = Cambiar
