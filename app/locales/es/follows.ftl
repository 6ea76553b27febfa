# Seguir por correo: el formulario de /follow, las páginas que abren los enlaces enviados y los correos.

follow-mail-heading = Por correo electrónico
follow-mail-text = Reciba un correo cuando se registren o corrijan acuerdos de este lugar o lista, con las decisiones de la próxima semana. No necesita una cuenta; puede dejar de recibirlos en cualquier momento desde un enlace en cada correo.
follow-mail-off = Los avisos por correo no están configurados en este sitio. Use un lector de fuentes (abajo) para seguirlo.
follow-mail-sent = Revise su bandeja de entrada: le enviamos un correo con un enlace para confirmar. No se envía nada hasta que confirme, y el enlace vale 48 horas.
follow-email-label = Su correo electrónico
follow-email-hint = Solo se usa para enviar estos avisos. Nunca se muestra ni se comparte, y al dejar los avisos se borra.
follow-frequency-label = Con qué frecuencia
follow-frequency-instant = En el momento
follow-frequency-daily = Una vez al día
follow-frequency-weekly = Una vez a la semana
follow-mail-submit = Enviarme avisos por correo
follow-email-missing = Escriba su correo electrónico.
follow-email-too-long = Ese correo electrónico es demasiado largo.
follow-email-invalid = Eso no parece un correo electrónico. Revíselo, por ejemplo nombre@ejemplo.org.
follow-frequency-missing = Elija con qué frecuencia quiere los correos.
follow-everything = Todos los acuerdos del sitio
follow-link-expired = Este enlace venció o ya se usó. Vuelva a seguir el lugar desde su página para recibir uno nuevo.
follow-find-place = Buscar un lugar para seguir
follow-confirm-title = Confirme sus avisos por correo · Amazon Contract Tracker
follow-confirm-heading = Confirme sus avisos por correo
follow-confirm-text = ¿Enviar correos sobre { $what } a { $email }? Frecuencia: { $frequency }.
follow-confirm-button = Sí, envíenme los correos
follow-confirm-ignore = Si usted no lo pidió, cierre esta página: no se enviará nada.
follow-unconfirmed = esperando confirmación
follow-save = Guardar
follow-stop-button = Dejar de recibir correos sobre { $what }
follow-manage-title = Sus avisos por correo · Amazon Contract Tracker
follow-manage-heading = Sus avisos por correo
follow-manage-text = { $email } recibe correos sobre:
follow-manage-none = Esta dirección no recibe correos de este sitio, o el enlace venció.
follow-manage-link = Ver todos los correos que recibe esta dirección
follow-confirmed = Confirmado. Recibirá correos sobre lo que sigue.
follow-stopped = Listo. No recibirá más correos sobre eso.
follow-saved = Guardado.
follow-gone = Esos correos ya estaban cancelados.
follow-unsubscribe-title = Cancelar los correos · Amazon Contract Tracker
follow-unsubscribe-heading = Dejar de recibir estos correos
follow-unsubscribe-text = ¿Dejar de enviar correos sobre { $what } a { $email }?
follow-unsubscribe-button = Dejar de recibir los correos
follow-unsubscribed = Listo: no recibirá más de estos correos. Una dirección que no sigue nada más se borra.

mail-confirm-subject = Confirme: correos sobre { $what }
mail-confirm-text = Alguien (seguramente usted) pidió al Amazon Contract Tracker que enviara correos a esta dirección sobre { $what }. Confirme para empezar a recibirlos.
mail-confirm-button = Confirmar los correos
mail-confirm-ignore = Si usted no lo pidió, ignore este correo: no se enviará nada más, y la dirección se borrará en 7 días.
mail-instant-subject = { $count ->
    [one] Novedades en Amazon Contract Tracker: { $what }
   *[other] { $count } novedades: { $what }
}
mail-digest-daily-subject = Hoy en Amazon Contract Tracker: { $what }
mail-digest-weekly-subject = Esta semana en Amazon Contract Tracker: { $what }
mail-intro = Acuerdos nuevos y corregidos de { $what }.
mail-deals-heading = Acuerdos
mail-deal-new = Nuevo: { $title }
mail-deal-changed = Corregido: { $title }
mail-more = { $count } más en el sitio
mail-coming-up-heading = En los próximos 7 días
mail-open-site = Verlo todo en el sitio
# The frequency inside a sentence (the mail's footer).
mail-frequency-instant = en el momento
mail-frequency-daily = una vez al día
mail-frequency-weekly = una vez a la semana
mail-footer = Recibe estos correos sobre { $what } ({ $frequency }). Cambie la frecuencia o cancélelos: { $manage }
mail-unsubscribe = Dejar de recibir estos correos
mail-manage = sus avisos por correo
